package io.emqx.mcp.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static io.emqx.mcp.support.WireMockEmqx.requested;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Confirmation tokens belong to the session that asked: another session can neither redeem nor
 * evict them, and previews count against the mutation rate limit.
 */
class ConfirmationSessionsTest {

  @RegisterExtension
  static final WireMockEmqx wm = WireMockEmqx.create(o -> o.containerThreads(20));

  @BeforeEach
  void reset() {
    wm.stubFor(
        onAny(Route.GET_CLIENT)
            .willReturn(
                okJson(
                    "{\"clientid\":\"sensor-1\","
                        + "\"connected\":true,\"ip_address\":\"10.0.0.5\",\"connected_at\":\"2025-06-02T06:58:41.519+00:00\"}")));
    wm.stubFor(onAny(Route.KICK_CLIENT).willReturn(aResponse().withStatus(204)));
  }

  static Settings settings(int perMinute) {
    return TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false)
        .withMcp(
            new Settings.Mcp(false, List.of("*"), List.of(), List.of(), null, true, perMinute));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> error(McpSyncClient client, Map<String, Object> args) {
    McpSchema.CallToolResult r =
        client.callTool(new McpSchema.CallToolRequest("kick_mqtt_client", args));
    assertTrue(Boolean.TRUE.equals(r.isError()), TestServer.text(r));
    return (Map<String, Object>) TestServer.parse(TestServer.text(r)).get("error");
  }

  static String preview(McpSyncClient client) {
    Map<String, Object> e = error(client, Map.of("clientid", "sensor-1"));
    assertEquals("CONFIRMATION_REQUIRED", e.get("code"), e.toString());
    return e.get("confirm_token").toString();
  }

  static Map<String, Object> withToken(String token) {
    return Map.of("clientid", "sensor-1", "confirm_token", token);
  }

  /** B cannot redeem A's token, B's many previews do not evict it, and A's token still works. */
  static void tokensStayWithTheirSession(McpSyncClient a, McpSyncClient b) {
    String tokenOfA = preview(a);
    Map<String, Object> stolen = error(b, withToken(tokenOfA));
    assertEquals(
        "CONFIRMATION_REQUIRED", stolen.get("code"), "another session's token is unknown here");
    wm.verify(0, deleteRequestedFor(anyUrl()));
    for (int i = 0; i < Confirmations.PER_OWNER * 3; i++) {
      preview(b);
    }
    McpSchema.CallToolResult done =
        a.callTool(new McpSchema.CallToolRequest("kick_mqtt_client", withToken(tokenOfA)));
    assertTrue(!Boolean.TRUE.equals(done.isError()), TestServer.text(done));
    wm.verify(1, requested(Route.KICK_CLIENT, "sensor-1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void overHttp_twoSessions(String transport) {
    try (HttpTestServer server =
        HttpTestServer.start(settings(0), HttpTestServer.httpSettings(null))) {
      McpSyncClient a =
          transport.equals("sse") ? server.sseClient(null) : server.streamableClient(null);
      McpSyncClient b =
          transport.equals("sse") ? server.sseClient(null) : server.streamableClient(null);
      tokensStayWithTheirSession(a, b);
      a.closeGracefully();
      b.closeGracefully();
    }
  }

  @Test
  void overStdio_twoSessionsOfOnePolicy() throws Exception {
    Settings settings = settings(0);
    Policy policy = new Policy(settings, AuditLog.off(), System::nanoTime);
    try (TestServer a = TestServer.start(settings, policy, spec -> spec);
        TestServer b = TestServer.start(settings, policy, spec -> spec)) {
      tokensStayWithTheirSession(a.client(), b.client());
    }
  }

  @Test
  void previews_countAgainstTheMutationRateLimit() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    Settings settings = settings(3);
    try (TestServer s =
        TestServer.start(settings, new Policy(settings, AuditLog.off(), now::get), spec -> spec)) {
      for (int i = 0; i < 3; i++) {
        preview(s.client());
      }
      Map<String, Object> limited = error(s.client(), Map.of("clientid", "sensor-1"));
      assertEquals("RATE_LIMITED", limited.get("code"), limited.toString());
      wm.verify(0, deleteRequestedFor(anyUrl()));
      now.addAndGet(Duration.ofSeconds(61).toNanos());
      String token = preview(s.client());
      assertTrue(!Boolean.TRUE.equals(s.call("kick_mqtt_client", withToken(token)).isError()));
    }
  }

  @Test
  void perSessionCap_dropsTheSessionsOwnOldest() {
    Confirmations c = new Confirmations(System::nanoTime);
    Confirmations.Owner a = new Confirmations.Owner("a", null);
    Confirmations.Owner b = new Confirmations.Owner("b", null);
    String first = c.issue(a, "kick_mqtt_client", Map.of("clientid", "x"));
    for (int i = 0; i < 1000; i++) {
      c.issue(b, "kick_mqtt_client", Map.of("clientid", "y" + i));
    }
    assertEquals(Confirmations.PER_OWNER, c.pendingOf(b));
    assertTrue(c.redeem(a, first, "kick_mqtt_client", Map.of("clientid", "x")));
    String ofB = c.issue(b, "kick_mqtt_client", Map.of("clientid", "z"));
    assertTrue(!c.redeem(a, ofB, "kick_mqtt_client", Map.of("clientid", "z")), "not a's token");
    assertTrue(
        c.redeem(b, ofB, "kick_mqtt_client", Map.of("clientid", "z")),
        "and a's attempt did not burn it");
  }
}
