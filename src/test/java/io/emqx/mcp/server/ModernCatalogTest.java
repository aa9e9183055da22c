package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.InProcessStdio;
import io.emqx.mcp.support.Modern;
import io.emqx.mcp.support.ModernWire;
import io.emqx.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One catalog for both eras: a 2026-07-28 client sees the tools, resources, prompts and completions
 * a legacy client sees, in the same order, with the revision's result types and cache hints.
 */
class ModernCatalogTest {

  static MockEmqx emqx;
  static InProcessStdio stdio;
  static HttpTestServer http;

  @BeforeAll
  static void start() throws Exception {
    emqx = MockEmqx.start(MockEmqx.Options.defaults());
    Settings s = TestServer.settings(emqx, Duration.ofSeconds(10));
    stdio = new InProcessStdio(s);
    http = HttpTestServer.start(s, HttpTestServer.httpSettings(null));
  }

  @AfterAll
  static void stop() throws Exception {
    stdio.close();
    http.close();
    emqx.close();
  }

  /** The response to {@code method} with these params and the modern {@code _meta}. */
  static Map<String, Object> ask(ModernWire wire, String method, Map<String, Object> params)
      throws Exception {
    return wire.request(method, Modern.params(params));
  }

  static ModernWire wire(String transport) {
    return transport.equals("stdio")
        ? ModernWire.stdio(stdio.rpc)
        : ModernWire.http(http.base(), null);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> result(Map<String, Object> response) {
    assertNotNull(response.get("result"), () -> "no result: " + response);
    Map<String, Object> result = (Map<String, Object>) response.get("result");
    assertEquals("complete", result.get("resultType"), result::toString);
    return result;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> error(Map<String, Object> response) {
    assertNotNull(response.get("error"), () -> "no error: " + response);
    return (Map<String, Object>) response.get("error");
  }

  @SuppressWarnings("unchecked")
  static List<String> names(Map<String, Object> list, String key, String field) {
    return ((List<Map<String, Object>>) list.get(key))
        .stream().map(m -> (String) m.get(field)).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "http"})
  void toolsList_isTheLegacyList_inTheSameOrder_everyTime(String transport) throws Exception {
    ModernWire wire = wire(transport);
    List<String> first = names(result(ask(wire, "tools/list", Map.of())), "tools", "name");
    List<String> again = names(result(ask(wire, "tools/list", Map.of())), "tools", "name");
    assertEquals(first, again);
    McpSyncClient legacy = http.streamableClient(null);
    try {
      assertEquals(legacy.listTools().tools().stream().map(t -> t.name()).toList(), first);
    } finally {
      legacy.closeGracefully();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "http"})
  @SuppressWarnings("unchecked")
  void resources_templates_read_andUnknownIs32602(String transport) throws Exception {
    ModernWire wire = wire(transport);
    Map<String, Object> list = result(ask(wire, "resources/list", Map.of()));
    assertEquals(
        List.of("emqx://cluster/overview", "emqx://topics/policy"),
        names(list, "resources", "uri"));
    assertTrue(((Number) list.get("ttlMs")).longValue() > 0);
    Map<String, Object> templates = result(ask(wire, "resources/templates/list", Map.of()));
    assertEquals(
        List.of("emqx://clients/{clientid}"), names(templates, "resourceTemplates", "uriTemplate"));
    Map<String, Object> overview =
        result(ask(wire, "resources/read", Map.of("uri", "emqx://cluster/overview")));
    assertEquals(
        0L, ((Number) overview.get("ttlMs")).longValue(), "live EMQX data is not to be cached");
    assertEquals("private", overview.get("cacheScope"));
    String text =
        (String) ((List<Map<String, Object>>) overview.get("contents")).get(0).get("text");
    assertTrue(TestServer.parse(text).containsKey("nodes"), text);
    Map<String, Object> policy =
        result(ask(wire, "resources/read", Map.of("uri", "emqx://topics/policy")));
    assertTrue(
        ((Number) policy.get("ttlMs")).longValue() > 0, "the topic policy is fixed per process");
    Map<String, Object> client =
        result(ask(wire, "resources/read", Map.of("uri", "emqx://clients/sensor-42")));
    assertTrue(client.get("contents").toString().contains("sensor-42"), client::toString);
    assertEquals(
        -32602,
        error(ask(wire, "resources/read", Map.of("uri", "emqx://nothing/here"))).get("code"));
    assertEquals(
        -32602,
        error(ask(wire, "resources/read", Map.of("uri", "emqx://clients/no-such"))).get("code"),
        "a client EMQX does not know is a resource not found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "http"})
  @SuppressWarnings("unchecked")
  void prompts_andCompletions(String transport) throws Exception {
    ModernWire wire = wire(transport);
    Map<String, Object> list = result(ask(wire, "prompts/list", Map.of()));
    assertEquals(
        List.of("diagnose_client", "cluster_health_check"), names(list, "prompts", "name"));
    Map<String, Object> got =
        result(
            ask(
                wire,
                "prompts/get",
                Map.of("name", "diagnose_client", "arguments", Map.of("clientid", "sensor-42"))));
    assertTrue(got.get("messages").toString().contains("sensor-42"), got::toString);
    Map<String, Object> completed =
        result(
            ask(
                wire,
                "completion/complete",
                Map.of(
                    "ref", Map.of("type", "ref/prompt", "name", "diagnose_client"),
                    "argument", Map.of("name", "clientid", "value", "sensor"))));
    List<String> values =
        (List<String>) ((Map<String, Object>) completed.get("completion")).get("values");
    assertTrue(values.contains("sensor-42"), values::toString);
    Map<String, Object> templateCompletion =
        result(
            ask(
                wire,
                "completion/complete",
                Map.of(
                    "ref", Map.of("type", "ref/resource", "uri", "emqx://clients/{clientid}"),
                    "argument", Map.of("name", "clientid", "value", "sensor"))));
    assertFalse(
        ((List<String>) ((Map<String, Object>) templateCompletion.get("completion")).get("values"))
            .isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "http"})
  void logLevelPerRequest_isReadFromMeta(String transport) throws Exception {
    ModernWire wire = wire(transport);
    Map<String, Object> meta = new java.util.LinkedHashMap<>(Modern.meta(Map.of()));
    meta.put(Modern.LOG_LEVEL_KEY, "warning");
    result(
        wire.request(
            "tools/call",
            Modern.with(Map.of("name", "list_clients", "arguments", Map.of()), meta)));
    meta.put(Modern.LOG_LEVEL_KEY, "loud");
    assertEquals(
        -32602,
        error(
                wire.request(
                    "tools/call",
                    Modern.with(Map.of("name", "list_clients", "arguments", Map.of()), meta)))
            .get("code"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "http"})
  @SuppressWarnings("unchecked")
  void unknownTool_getsTheSameAnswerAsALegacyClient(String transport) throws Exception {
    Map<String, Object> r =
        result(wire(transport).request("tools/call", Modern.call("kick_client", Map.of())));
    assertEquals(true, r.get("isError"));
    String text = (String) ((List<Map<String, Object>>) r.get("content")).get(0).get("text");
    assertTrue(text.contains("INVALID_ARGUMENT") && text.contains("kick_mqtt_client"), text);
  }

  @Test
  void discover_saysWhatTheServerIs() throws Exception {
    Map<String, Object> d =
        result(wire("http").request("server/discover", Modern.params(Map.of())));
    assertTrue(d.get("capabilities").toString().contains("completions"), d::toString);
    assertTrue(((String) d.get("instructions")).contains("EMQX"));
    assertTrue(((Number) d.get("ttlMs")).longValue() > 0);
  }
}
