package io.emqx.mcp.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static io.emqx.mcp.support.WireMockEmqx.requestedAny;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emqx.mcp.config.CallerSettings;
import io.emqx.mcp.config.HttpSettings;
import io.emqx.mcp.config.Role;
import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.policy.AuditLog;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.support.HttpLines;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.Modern;
import io.emqx.mcp.support.ModernWire;
import io.emqx.mcp.support.RawHttp;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Named tokens and roles through the real HTTP server and the SDK's clients of both legacy
 * transports and raw 2026-07-28 requests: what each role's tools/list shows, what it may call, what
 * it is refused before anything reaches EMQX, and that the audit line names the caller.
 */
class RolesOverHttpTest {

  static final String VIEWER = "viewer-token-0123456789abcdef";
  static final String OPERATOR = "operator-token-0123456789abcdef";
  static final String ADMIN = "admin-token-0123456789abcdef";

  @RegisterExtension
  static final WireMockEmqx wm =
      WireMockEmqx.create()
          .standing(
              w -> {
                w.stubFor(onAny(Route.KICK_CLIENT).willReturn(aResponse().withStatus(204)));
                w.stubFor(onAny(Route.PUBLISH).willReturn(okJson("{\"id\":\"m-1\"}")));
              });

  @TempDir static Path dir;
  static Path auditFile;
  static HttpTestServer server;

  @BeforeAll
  static void start() {
    Settings settings = TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false);
    auditFile = dir.resolve("audit.log");
    Policy policy = new Policy(settings, AuditLog.open(auditFile, wm.baseUrl()), System::nanoTime);
    HttpSettings http =
        HttpTestServer.httpSettings(null)
            .withCallers(
                new CallerSettings(
                    List.of(
                        new CallerSettings.NamedToken("grafana", new Secret(VIEWER), Role.VIEWER),
                        new CallerSettings.NamedToken("bot", new Secret(OPERATOR), Role.OPERATOR),
                        new CallerSettings.NamedToken("oncall", new Secret(ADMIN), Role.ADMIN)),
                    CallerSettings.OAuth.OFF));
    server = HttpTestServer.start(settings, http, policy, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clearRequests() {
    wm.resetRequests();
  }

  static McpSyncClient client(String transport, String token) {
    return transport.equals("sse") ? server.sseClient(token) : server.streamableClient(token);
  }

  static boolean readOnly(McpSchema.Tool t) {
    return Boolean.TRUE.equals(t.annotations().readOnlyHint());
  }

  static boolean destructive(McpSchema.Tool t) {
    return !readOnly(t) && Boolean.TRUE.equals(t.annotations().destructiveHint());
  }

  static Map<String, Object> error(McpSchema.CallToolResult r) {
    assertTrue(r.isError(), () -> "expected an error: " + TestServer.text(r));
    @SuppressWarnings("unchecked")
    Map<String, Object> e = (Map<String, Object>) TestServer.parse(TestServer.text(r)).get("error");
    return e;
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void viewer_seesOnlyReadOnlyTools_andIsRefusedAChangeBeforeEmqxHearsOfIt(String transport) {
    try (McpSyncClient viewer = client(transport, VIEWER)) {
      List<McpSchema.Tool> tools = viewer.listTools().tools();
      assertFalse(tools.isEmpty());
      assertTrue(tools.stream().allMatch(RolesOverHttpTest::readOnly), tools.toString());
      for (String tool : List.of("kick_mqtt_client", "publish_message")) {
        Map<String, Object> e =
            error(
                viewer.callTool(
                    new McpSchema.CallToolRequest(
                        tool, Map.of("clientid", "c1", "topic", "t/1", "payload", "x"))));
        assertEquals("FORBIDDEN_BY_ROLE", e.get("code"), e.toString());
        assertEquals("viewer", e.get("role"));
        assertTrue(e.get("message").toString().contains("'grafana'"), e.toString());
      }
      wm.verify(0, requestedAny(Route.KICK_CLIENT));
      wm.verify(0, requestedAny(Route.PUBLISH));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void operator_publishes_butMayNotKick(String transport) {
    try (McpSyncClient operator = client(transport, OPERATOR)) {
      List<McpSchema.Tool> tools = operator.listTools().tools();
      List<String> names = tools.stream().map(McpSchema.Tool::name).toList();
      assertTrue(names.contains("publish_message"), names.toString());
      assertFalse(names.contains("kick_mqtt_client"), names.toString());
      assertTrue(tools.stream().noneMatch(RolesOverHttpTest::destructive), names.toString());
      McpSchema.CallToolResult published =
          operator.callTool(
              new McpSchema.CallToolRequest(
                  "publish_message", Map.of("topic", "t/1", "payload", "x")));
      assertFalse(published.isError(), TestServer.text(published));
      Map<String, Object> e =
          error(
              operator.callTool(
                  new McpSchema.CallToolRequest("kick_mqtt_client", Map.of("clientid", "c1"))));
      assertEquals("FORBIDDEN_BY_ROLE", e.get("code"));
      wm.verify(0, requestedAny(Route.KICK_CLIENT));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void admin_seesAndCallsEverything_andTheAuditLineNamesTheCaller(String transport)
      throws Exception {
    try (McpSyncClient admin = client(transport, ADMIN);
        McpSyncClient viewer = client(transport, VIEWER)) {
      List<String> names = admin.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertTrue(names.contains("kick_mqtt_client"), names.toString());
      assertTrue(names.size() > viewer.listTools().tools().size());
      McpSchema.CallToolResult kicked =
          admin.callTool(
              new McpSchema.CallToolRequest(
                  "kick_mqtt_client", Map.of("clientid", "audit-" + transport)));
      assertFalse(kicked.isError(), TestServer.text(kicked));
      wm.verify(1, requestedAny(Route.KICK_CLIENT));
    }
    String line =
        Files.readAllLines(auditFile).stream()
            .filter(l -> l.contains("audit-" + transport) && l.contains("\"intent\""))
            .findFirst()
            .orElseThrow();
    Map<String, Object> entry = TestServer.parse(line);
    assertEquals(
        Map.of("kind", "token", "name", "oncall", "role", "admin"), entry.get("caller"), line);
    assertEquals("127.0.0.1", entry.get("remote"), line);
    assertTrue(entry.get("session") != null, line);
    assertFalse(line.contains(ADMIN), "the token itself is never audited");
  }

  @Test
  void modernRequests_listAndRefusePerRequest() throws Exception {
    for (String token : List.of(VIEWER, OPERATOR, ADMIN)) {
      ModernWire wire = ModernWire.http(server.base(), token);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> tools =
          (List<Map<String, Object>>)
              ((Map<String, Object>)
                      wire.request("tools/list", Modern.params(Map.of())).get("result"))
                  .get("tools");
      List<String> names = tools.stream().map(t -> (String) t.get("name")).toList();
      assertEquals(token.equals(ADMIN), names.contains("kick_mqtt_client"), names.toString());
      assertEquals(!token.equals(VIEWER), names.contains("publish_message"), names.toString());
      Map<String, Object> answer =
          wire.request(
              "tools/call",
              Modern.call("kick_mqtt_client", Map.of("clientid", "modern-" + token.charAt(0))));
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) answer.get("result");
      String text = result.toString();
      assertEquals(!token.equals(ADMIN), text.contains("FORBIDDEN_BY_ROLE"), text);
    }
    wm.verify(1, requestedAny(Route.KICK_CLIENT));
  }

  /**
   * A session belongs to the caller that opened it: another caller's valid token with its id is
   * answered as an unknown session (404, -32001), neither a call nor a DELETE gets through, and the
   * owner goes on using it.
   */
  @Test
  void aSession_isItsOpenersAlone() throws Exception {
    String init =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    RawHttp.Reply opened = RawHttp.post(server.base(), "127.0.0.1", "/mcp", VIEWER, null, init);
    assertEquals(200, opened.status(), opened.text());
    String id = opened.header("Mcp-Session-Id");
    assertTrue(id != null && !id.isBlank(), "initialize gave a session id");
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    String session = "Mcp-Session-Id: " + id + "\r\nMCP-Protocol-Version: 2025-06-18";

    RawHttp.Reply foreign = RawHttp.post(server.base(), "127.0.0.1", "/mcp", ADMIN, session, list);
    assertEquals(404, foreign.status(), foreign.text());
    assertEquals(-32001, RawHttp.assertJsonRpcError(foreign, 2).path("error").path("code").asInt());
    RawHttp.Reply unknown =
        RawHttp.post(
            server.base(),
            "127.0.0.1",
            "/mcp",
            ADMIN,
            "Mcp-Session-Id: "
                + java.util.UUID.randomUUID()
                + "\r\nMCP-Protocol-Version: 2025-06-18",
            list);
    assertEquals(unknown.status(), foreign.status());
    assertEquals(unknown.text(), foreign.text(), "another's session is answered as unknown");
    RawHttp.Reply delete =
        RawHttp.exchange(
            server.base(),
            "127.0.0.1",
            "DELETE /mcp HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.base().getPort()
                + "\r\nAuthorization: Bearer "
                + ADMIN
                + "\r\n"
                + session,
            new byte[0]);
    assertEquals(404, delete.status(), delete.text());

    RawHttp.Reply own = RawHttp.post(server.base(), "127.0.0.1", "/mcp", VIEWER, session, list);
    assertEquals(200, own.status(), own.text());
    assertTrue(own.text().contains("list_clients"), own.text());
  }

  /**
   * A legacy SSE session belongs to the caller that opened its stream, as a streamable one does:
   * another caller's valid token with its id gets exactly what an unknown id gets (404, -32001),
   * however the id is smuggled in, nothing reaches EMQX nor the owner's stream, and the owner goes
   * on with its own role.
   */
  @Test
  void anSseSession_isItsOpenersAlone() throws Exception {
    try (HttpLines owner = HttpLines.sse(server.base(), VIEWER)) {
      owner.rpc.initialize();
      String path = owner.endpoint().getRawPath() + "?" + owner.endpoint().getRawQuery();
      String id = owner.endpoint().getRawQuery().substring("sessionId=".length());
      String kick =
          "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"tools/call\",\"params\":{"
              + "\"name\":\"kick_mqtt_client\",\"arguments\":{\"clientid\":\"victim\"}}}";
      RawHttp.Reply unknown =
          RawHttp.post(
              server.base(),
              "127.0.0.1",
              "/message?sessionId=" + java.util.UUID.randomUUID(),
              ADMIN,
              null,
              kick);
      assertEquals(404, unknown.status(), unknown.text());
      JsonNode error = RawHttp.assertJsonRpcError(unknown, 77).path("error");
      assertEquals(-32001, error.path("code").asInt());
      assertTrue(error.path("message").asText().startsWith("session not found"), unknown.text());
      for (String target :
          List.of(path, path + "&sessionId=nope", "/message?sessionId=nope&sessionId=" + id)) {
        for (String token : List.of(ADMIN, OPERATOR)) {
          RawHttp.Reply foreign =
              RawHttp.post(server.base(), "127.0.0.2", target, token, null, kick);
          assertEquals(unknown.status(), foreign.status(), target + ": " + foreign.text());
          assertEquals(unknown.text(), foreign.text(), target);
          assertEquals(unknown.header("Content-Type"), foreign.header("Content-Type"));
        }
      }
      // The id in a form body instead of the query: no message either.
      RawHttp.Reply form =
          RawHttp.exchange(
              server.base(),
              "127.0.0.1",
              "POST /message HTTP/1.1\r\nHost: 127.0.0.1:"
                  + server.base().getPort()
                  + "\r\nAuthorization: Bearer "
                  + ADMIN
                  + "\r\nContent-Type: application/x-www-form-urlencoded",
              ("sessionId=" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertTrue(form.status() >= 400, form.status() + " " + form.text());
      wm.verify(0, requestedAny(Route.KICK_CLIENT));

      // The owner carries on, as a viewer, and heard nothing of the foreign calls.
      Map<String, Object> listed = owner.rpc.call("tools/list", Map.of(), Duration.ofSeconds(20));
      String tools = listed.get("result").toString();
      assertTrue(tools.contains("list_clients") && !tools.contains("kick_mqtt_client"), tools);
      Map<String, Object> refused =
          owner.rpc.callTool("kick_mqtt_client", Map.of("clientid", "c1")).get(20, SECONDS);
      assertTrue(refused.toString().contains("FORBIDDEN_BY_ROLE"), refused.toString());
      assertEquals(List.of(), owner.rpc.unexpected(), "an answer to a foreign request");
      assertEquals(List.of(), owner.httpErrors());
      wm.verify(0, requestedAny(Route.KICK_CLIENT));
    }
  }

  /**
   * Through the SDK's legacy SSE client: one that opens its stream with one caller's token and
   * posts with another's is not let in, either way round, while each caller's own client works.
   */
  @Test
  void anSseClient_mixingTwoCallersTokens_isNotLetIn() {
    for (List<String> tokens : List.of(List.of(VIEWER, ADMIN), List.of(ADMIN, VIEWER))) {
      McpSyncClient mixed = HttpTestServer.sseClient(server.base(), tokens.get(0), tokens.get(1));
      try {
        assertThrows(RuntimeException.class, mixed::initialize, tokens.toString());
      } finally {
        mixed.close();
      }
    }
    try (McpSyncClient viewer = server.sseClient(VIEWER);
        McpSyncClient admin = server.sseClient(ADMIN)) {
      assertTrue(viewer.listTools().tools().stream().allMatch(RolesOverHttpTest::readOnly));
      assertTrue(
          admin.listTools().tools().stream().anyMatch(t -> t.name().equals("kick_mqtt_client")));
    }
    wm.verify(0, requestedAny(Route.KICK_CLIENT));
  }

  /** An SSE session is forgotten with its stream: closing the server ends every stream. */
  @Test
  void sseBindings_endWithTheirStreams() throws Exception {
    Settings settings = TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false);
    HttpSettings http =
        HttpTestServer.httpSettings(null)
            .withCallers(
                new CallerSettings(
                    List.of(
                        new CallerSettings.NamedToken("grafana", new Secret(VIEWER), Role.VIEWER)),
                    CallerSettings.OAuth.OFF));
    HttpTestServer own =
        HttpTestServer.start(
            settings,
            http,
            new Policy(settings.withMcp(settings.mcp().withoutAudit())),
            Clock.systemUTC());
    McpSyncClient a = own.sseClient(VIEWER);
    McpSyncClient b = own.sseClient(VIEWER);
    try {
      assertEquals(2, own.http.sessions().streams());
      own.close();
      long deadline = System.nanoTime() + SECONDS.toNanos(20);
      while (own.http.sessions().streams() > 0 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
      }
      assertEquals(0, own.http.sessions().streams());
    } finally {
      a.close();
      b.close();
      own.close();
    }
  }

  @Test
  void aWrongOrMissingToken_gets401_withoutNamingAnyToken() throws Exception {
    RawHttp.Reply none =
        RawHttp.post(server.base(), "127.0.0.1", "/mcp", null, null, "{\"jsonrpc\":\"2.0\"}");
    assertEquals(401, none.status());
    assertEquals("Bearer realm=\"emqx-mcp-server\"", none.header("WWW-Authenticate"));
    RawHttp.Reply wrong =
        RawHttp.post(
            server.base(), "127.0.0.1", "/mcp", ADMIN + "x", null, "{\"jsonrpc\":\"2.0\"}");
    assertEquals(401, wrong.status());
    assertTrue(wrong.header("WWW-Authenticate").contains("error=\"invalid_token\""));
    for (String secret : List.of(VIEWER, OPERATOR, ADMIN, "grafana", "oncall")) {
      assertFalse(wrong.text().contains(secret), wrong.text());
    }
  }

  @Test
  void theMutationRateLimit_isEachCallersOwn() {
    Settings settings =
        TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false)
            .withMcp(new Settings.Mcp(false, List.of("*"), List.of(), List.of(), null, false, 1));
    HttpSettings http =
        HttpTestServer.httpSettings(null)
            .withCallers(
                new CallerSettings(
                    List.of(
                        new CallerSettings.NamedToken("bot", new Secret(OPERATOR), Role.OPERATOR),
                        new CallerSettings.NamedToken("oncall", new Secret(ADMIN), Role.ADMIN)),
                    CallerSettings.OAuth.OFF));
    Map<String, Object> publish = Map.of("topic", "t/1", "payload", "x");
    try (HttpTestServer limited =
            HttpTestServer.start(
                settings,
                http,
                new Policy(settings.withMcp(settings.mcp().withoutAudit())),
                Clock.systemUTC());
        McpSyncClient bot = limited.streamableClient(OPERATOR);
        McpSyncClient oncall = limited.streamableClient(ADMIN)) {
      McpSchema.CallToolRequest call = new McpSchema.CallToolRequest("publish_message", publish);
      assertFalse(bot.callTool(call).isError());
      assertEquals("RATE_LIMITED", error(bot.callTool(call)).get("code"));
      McpSchema.CallToolResult theirs = oncall.callTool(call);
      assertFalse(
          theirs.isError(), "another caller's budget is untouched: " + TestServer.text(theirs));
    }
  }
}
