package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emqx.mcp.Json;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.MockEmqxPerClass;
import io.emqx.mcp.support.Modern;
import io.emqx.mcp.support.RawHttp;
import io.emqx.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MCP 2026-07-28 over HTTP, raw: one endpoint, the era chosen per request, the headers checked. */
class ModernHttpTest extends MockEmqxPerClass {

  static HttpTestServer server;

  @BeforeAll
  static void start() {
    Settings s = TestServer.settings(emqx, Duration.ofSeconds(10));
    server = HttpTestServer.start(s, HttpTestServer.httpSettings(HttpTestServer.TOKEN));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A modern POST with the mirrored headers a conforming client sends (and {@code extra}). */
  static RawHttp.Reply post(String method, String name, Map<String, Object> params, String extra)
      throws Exception {
    String headers =
        "MCP-Protocol-Version: "
            + Modern.VERSION
            + "\r\nMcp-Method: "
            + method
            + (name == null ? "" : "\r\nMcp-Name: " + name)
            + (extra == null ? "" : "\r\n" + extra);
    return post(headers, Modern.request(7, method, params));
  }

  /** A POST of {@code body} with the token and these headers, as they are. */
  static RawHttp.Reply post(String headers, String body) throws Exception {
    return RawHttp.post(server.base(), "127.0.0.1", "/mcp", HttpTestServer.TOKEN, headers, body);
  }

  /**
   * The JSON-RPC response of a reply: the body, or, when the answer took long enough to become a
   * stream (a loaded machine), its last SSE event.
   */
  static JsonNode response(RawHttp.Reply r) throws Exception {
    String type = r.header("Content-Type");
    if (type == null || !type.startsWith("text/event-stream")) {
      return r.json();
    }
    String last = null;
    for (String line : r.text().split("\n")) {
      if (line.startsWith("data: ")) {
        last = line.substring(6);
      }
    }
    assertTrue(last != null, () -> "no event in " + r.text());
    return Json.MAPPER.readTree(last);
  }

  static JsonNode ok(RawHttp.Reply r) throws Exception {
    assertEquals(200, r.status(), r::text);
    assertNull(r.header("Mcp-Session-Id"), "a modern answer mints no session");
    JsonNode body = response(r);
    assertFalse(body.has("error"), r::text);
    return body.path("result");
  }

  @Test
  void discover_list_call_overHttp() throws Exception {
    JsonNode discover = ok(post("server/discover", null, Modern.params(Map.of()), null));
    assertEquals(Modern.VERSION, discover.path("supportedVersions").path(0).asText());
    assertEquals(
        "emqx-mcp-server",
        discover.path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asText());
    JsonNode list = ok(post("tools/list", null, Modern.params(Map.of()), null));
    assertEquals("private", list.path("cacheScope").asText());
    assertTrue(list.path("ttlMs").asLong() > 0);
    JsonNode call =
        ok(
            post(
                "tools/call",
                "list_clients",
                Modern.call("list_clients", Map.of("limit", 1)),
                null));
    assertEquals("complete", call.path("resultType").asText());
    assertTrue(call.path("structuredContent").has("data"), call::toString);
  }

  @Test
  void headerThatDisagreesWithTheBody_is32020() throws Exception {
    RawHttp.Reply wrongName =
        post("tools/call", "kick_mqtt_client", Modern.call("list_clients", Map.of()), null);
    assertEquals(
        -32020, RawHttp.assertJsonRpcError(wrongName, 7).path("error").path("code").asInt());
    assertEquals(400, wrongName.status());
    RawHttp.Reply wrongMethod = post("tools/list", null, Modern.params(Map.of()), null);
    assertEquals(
        200, wrongMethod.status()); // control: the same request with matching headers passes
    RawHttp.Reply noMethod =
        post(
            "MCP-Protocol-Version: " + Modern.VERSION,
            Modern.request(8, "tools/list", Modern.params(Map.of())));
    assertEquals(
        -32020, RawHttp.assertJsonRpcError(noMethod, 8).path("error").path("code").asInt());
  }

  @Test
  void unknownVersion_is32022_listingTheSupportedOnes() throws Exception {
    RawHttp.Reply r =
        post(
            "MCP-Protocol-Version: 2099-01-01\r\nMcp-Method: tools/list",
            Modern.request(
                9, "tools/list", Modern.with(Map.of(), Modern.meta("2099-01-01", Map.of()))));
    assertEquals(400, r.status(), r::text);
    JsonNode error = RawHttp.assertJsonRpcError(r, 9).path("error");
    assertEquals(-32022, error.path("code").asInt());
    assertEquals(Modern.VERSION, error.path("data").path("supported").path(0).asText());
  }

  @Test
  void legacyClient_onTheSameEndpoint_stillInitializes() throws Exception {
    McpSyncClient legacy = server.streamableClient(HttpTestServer.TOKEN);
    try {
      assertFalse(legacy.listTools().tools().isEmpty());
    } finally {
      legacy.closeGracefully();
    }
  }
}
