package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.support.InProcessStdio;
import io.emqx.mcp.support.MockEmqxPerClass;
import io.emqx.mcp.support.Modern;
import io.emqx.mcp.support.RawRpc;
import io.emqx.mcp.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MCP 2026-07-28 over stdio, raw: a connection that opens with a modern request stays modern. */
class ModernStdioTest extends MockEmqxPerClass {

  InProcessStdio server;
  RawRpc rpc;

  static Settings settings() {
    return TestServer.settings(emqx, Duration.ofSeconds(10));
  }

  @BeforeEach
  void start() throws Exception {
    server = new InProcessStdio(settings());
    rpc = server.rpc;
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
    return rpc.call(method, params, Duration.ofSeconds(20));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> result(Map<String, Object> response) {
    assertNotNull(response.get("result"), () -> "no result: " + response);
    return (Map<String, Object>) response.get("result");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> error(Map<String, Object> response) {
    assertNotNull(response.get("error"), () -> "no error: " + response);
    return (Map<String, Object>) response.get("error");
  }

  @Test
  @SuppressWarnings("unchecked")
  void discover_thenListAndCall_withoutInitialize() throws Exception {
    Map<String, Object> discover = result(call("server/discover", Modern.params(Map.of())));
    assertEquals(List.of(Modern.VERSION), discover.get("supportedVersions"));
    assertEquals("complete", discover.get("resultType"));
    assertTrue(
        ((Map<String, Object>) discover.get("capabilities")).containsKey("tools"),
        discover::toString);
    Map<String, Object> list = result(call("tools/list", Modern.params(Map.of())));
    assertEquals("complete", list.get("resultType"));
    assertTrue(((Number) list.get("ttlMs")).longValue() > 0, list::toString);
    assertEquals("private", list.get("cacheScope"));
    List<Map<String, Object>> tools = (List<Map<String, Object>>) list.get("tools");
    assertTrue(tools.stream().anyMatch(t -> "list_clients".equals(t.get("name"))));
    Map<String, Object> called =
        result(call("tools/call", Modern.call("list_clients", Map.of("limit", 2))));
    assertEquals("complete", called.get("resultType"));
    assertFalse(Boolean.TRUE.equals(called.get("isError")), called::toString);
    assertTrue(
        ((Map<String, Object>) called.get("structuredContent")).containsKey("data"),
        called::toString);
    assertTrue(rpc.badLines().isEmpty(), rpc.badLines()::toString);
  }

  @Test
  @SuppressWarnings("unchecked")
  void unknownVersion_isRefusedWithTheSupportedOnes() throws Exception {
    call("server/discover", Modern.params(Map.of()));
    Map<String, Object> e =
        error(call("tools/list", Modern.with(Map.of(), Modern.meta("2099-01-01", Map.of()))));
    assertEquals(-32022, e.get("code"));
    assertEquals(List.of(Modern.VERSION), ((Map<String, Object>) e.get("data")).get("supported"));
  }

  @Test
  void pingAndSetLevel_areGone() throws Exception {
    call("server/discover", Modern.params(Map.of()));
    assertEquals(-32601, error(call("ping", Modern.params(Map.of()))).get("code"));
    assertEquals(
        -32601,
        error(call("logging/setLevel", Modern.params(Map.of("level", "info")))).get("code"));
  }
}
