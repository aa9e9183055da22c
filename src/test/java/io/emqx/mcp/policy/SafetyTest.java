package io.emqx.mcp.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static io.emqx.mcp.support.WireMockEmqx.requested;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.Says;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every safety setting through a real MCP client, including attempts to get around it. */
class SafetyTest {

  @RegisterExtension
  static final WireMockEmqx wm = WireMockEmqx.create(o -> o.containerThreads(40));

  static final String CLIENT =
      "{\"clientid\":\"%s\",\"username\":\"ops\",\"connected\":true,\"node\":\"emqx@n1\","
          + "\"ip_address\":\"10.0.0.5\",\"connected_at\":\"2025-06-02T06:58:41.519+00:00\",\"subscriptions_cnt\":2,"
          + "\"mqueue_len\":7}";

  @TempDir Path dir;

  @BeforeEach
  void reset() {
    wm.stubFor(
        onAny(Route.LIST_CLIENTS)
            .willReturn(
                okJson(
                    "{\"data\":[],\"meta\":{\"page\":1,\"limit\":25,\"hasnext\":false,\"count\":0}}")));
    wm.stubFor(on(Route.GET_CLIENT, "plc-7").willReturn(okJson(CLIENT.formatted("plc-7"))));
    wm.stubFor(on(Route.GET_CLIENT, "sensor-1").willReturn(okJson(CLIENT.formatted("sensor-1"))));
    wm.stubFor(on(Route.GET_CLIENT, "sensor-2").willReturn(okJson(CLIENT.formatted("sensor-2"))));
    wm.stubFor(onAny(Route.KICK_CLIENT).willReturn(aResponse().withStatus(204)));
    wm.stubFor(
        on(Route.PUBLISH).willReturn(okJson("{\"id\":\"0006115EB5F15FA4F44300000A8F0001\"}")));
  }

  static Settings settings(Settings.Mcp mcp) {
    return TestServer.settings(wm.baseUrl(), Duration.ofSeconds(5), false).withMcp(mcp);
  }

  static TestServer server(Settings.Mcp mcp) throws java.io.IOException {
    return TestServer.start(settings(mcp));
  }

  static Settings.Mcp mcp(
      List<String> enabled,
      List<String> disabled,
      List<String> protectedIds,
      Path audit,
      boolean confirm,
      int perMinute) {
    return new Settings.Mcp(false, enabled, disabled, protectedIds, audit, confirm, perMinute);
  }

  static List<String> toolNames(TestServer s) {
    return s.client().listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }

  @Nested
  class ToolFiltering {

    @Test
    void disabledGlob_hidesTheTool_andACallAnswersToolDisabled() throws Exception {
      try (TestServer s = server(mcp(List.of("*"), List.of("kick_*"), List.of(), null, false, 0))) {
        List<String> names = toolNames(s);
        assertFalse(names.contains("kick_mqtt_client"), names.toString());
        assertTrue(
            names.contains("list_clients") && names.contains("publish_message"), names.toString());
        Says.assertError(
            s.error("kick_mqtt_client", Map.of("clientid", "sensor-1")), "TOOL_DISABLED", "kick_*");
      }
      wm.verify(0, deleteRequestedFor(anyUrl()));
    }

    @Test
    void enabledList_offersOnlyThose_andDisabledWins() throws Exception {
      try (TestServer s =
          server(
              mcp(
                  List.of("list_*", "get_client", "kick_mqtt_client"),
                  List.of("kick_mqtt_client"),
                  List.of(),
                  null,
                  false,
                  0))) {
        List<String> names = toolNames(s);
        assertTrue(
            names.contains("get_client") && names.contains("list_clients"), names.toString());
        assertTrue(
            names.stream().allMatch(n -> n.startsWith("list_") || n.equals("get_client")),
            names.toString());
        assertEquals(
            "TOOL_DISABLED",
            s.error("publish_message", Map.of("topic", "t", "payload", "x")).get("code"));
      }
    }

    @Test
    void configEntries_matchWithoutRegardToCase() throws Exception {
      try (TestServer s =
          server(mcp(List.of("*"), List.of("KICK_MQTT_CLIENT"), List.of(), null, false, 0))) {
        assertFalse(toolNames(s).contains("kick_mqtt_client"));
      }
    }

    @Test
    void lookAlikeOrUnknownEntry_stopsStartup_namingIt() {
      // 'с' below is CYRILLIC SMALL LETTER ES, not the Latin c: it would silently leave the tool on
      // offer.
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  server(
                      mcp(
                          List.of("*"),
                          List.of("kick_mqtt_\u0441lient"),
                          List.of(),
                          null,
                          false,
                          0)));
      assertTrue(e.getMessage().contains("mcp.tools.disabled[0]"), e.getMessage());
      IllegalArgumentException typo =
          assertThrows(
              IllegalArgumentException.class,
              () -> server(mcp(List.of("*"), List.of("kick_client"), List.of(), null, false, 0)));
      assertTrue(typo.getMessage().contains("matches no tool"), typo.getMessage());
    }

    @Test
    void callingByACaseVariantName_doesNotReachTheTool() throws Exception {
      try (TestServer s = server(mcp(List.of("*"), List.of("kick_*"), List.of(), null, false, 0))) {
        // Tool names are case-sensitive: the variant names no tool, and is answered as such (an
        // isError result naming the real tool), neither run nor mistaken for the disabled one.
        Says.assertError(
            s.error("KICK_MQTT_CLIENT", Map.of("clientid", "sensor-1")),
            "INVALID_ARGUMENT",
            "There is no tool 'KICK_MQTT_CLIENT'");
      }
      wm.verify(0, deleteRequestedFor(anyUrl()));
    }
  }

  @Nested
  class ProtectedClients {

    @Test
    void protectedGlob_refusesTheKick_andOthersGoThrough() throws Exception {
      try (TestServer s =
          server(mcp(List.of("*"), List.of(), List.of("plc-*", "gateway-??"), null, false, 0))) {
        Map<String, Object> error = s.error("kick_mqtt_client", Map.of("clientid", "plc-7"));
        Says.assertError(error, "PROTECTED_CLIENT", "plc-*");
        assertEquals(
            "PROTECTED_CLIENT",
            s.error("kick_mqtt_client", Map.of("clientid", "gateway-eu")).get("code"));
        wm.verify(0, deleteRequestedFor(anyUrl()));
        assertEquals(
            true, s.ok("kick_mqtt_client", Map.of("clientid", "sensor-1")).get("disconnected"));
        // MQTT client IDs are case-sensitive: 'PLC-7' is another client, not a way around 'plc-*'.
        assertEquals(
            true, s.ok("kick_mqtt_client", Map.of("clientid", "PLC-7")).get("disconnected"));
      }
    }

    @Test
    void banAndUnsubscribe_onAProtectedClient_orARegexBan_areRefused() throws Exception {
      try (TestServer s = server(mcp(List.of("*"), List.of(), List.of("plc-*"), null, false, 0))) {
        assertEquals(
            "PROTECTED_CLIENT",
            s.error("ban_client", Map.of("as", "clientid", "who", "plc-7")).get("code"));
        assertEquals(
            "PROTECTED_CLIENT",
            s.error("unsubscribe_client", Map.of("clientid", "plc-7", "topic", "plant/#"))
                .get("code"));
        // A pattern that names exactly one protected ID: no sample of 'plc-*' would catch it.
        Says.assertError(
            s.error("ban_client", Map.of("as", "clientid_re", "who", "^plc-7$")),
            "PROTECTED_CLIENT",
            "Ban exact client IDs");
      }
      wm.verify(0, postRequestedFor(anyUrl()));
      wm.verify(0, anyRequestedFor(urlPathMatching("/api/v5/clients/plc-7/.*")));
    }
  }

  @Nested
  class Confirmation {

    final AtomicLong now = new AtomicLong(1_000_000_000L);

    TestServer tokenServer() throws Exception {
      Settings settings = settings(mcp(List.of("*"), List.of(), List.of(), null, true, 0));
      return TestServer.start(
          settings, new Policy(settings, AuditLog.off(), now::get), spec -> spec);
    }

    @Test
    void withoutElicitation_firstCallPreviews_secondCallWithTheTokenExecutes() throws Exception {
      try (TestServer s = tokenServer()) {
        Map<?, ?> props =
            (Map<?, ?>)
                s.client().listTools().tools().stream()
                    .filter(t -> t.name().equals("kick_mqtt_client"))
                    .findFirst()
                    .orElseThrow()
                    .inputSchema()
                    .get("properties");
        assertTrue(props.containsKey("confirm_token"), "destructive tools accept a confirm_token");

        Map<String, Object> first = s.error("kick_mqtt_client", Map.of("clientid", "sensor-1"));
        assertEquals("CONFIRMATION_REQUIRED", first.get("code"));
        Says.assertContainsAll(
            first.get("preview").toString(), "sensor-1", "10.0.0.5", "2025-06-02");
        wm.verify(0, deleteRequestedFor(anyUrl()));

        String token = first.get("confirm_token").toString();
        assertEquals(
            true,
            s.ok("kick_mqtt_client", Map.of("clientid", "sensor-1", "confirm_token", token))
                .get("disconnected"));
        wm.verify(1, requested(Route.KICK_CLIENT, "sensor-1"));
      }
    }

    @Test
    void replayedToken_orChangedArguments_orExpiry_executeNothing() throws Exception {
      try (TestServer s = tokenServer()) {
        String token =
            s.error("kick_mqtt_client", Map.of("clientid", "sensor-1"))
                .get("confirm_token")
                .toString();
        Map<String, Object> other =
            s.error("kick_mqtt_client", Map.of("clientid", "sensor-2", "confirm_token", token));
        assertEquals(
            "CONFIRMATION_REQUIRED", other.get("code"), "a token is bound to its arguments");
        assertTrue(other.get("message").toString().contains("issued for other arguments"));
        Map<String, Object> replay =
            s.error("kick_mqtt_client", Map.of("clientid", "sensor-1", "confirm_token", token));
        assertEquals(
            "CONFIRMATION_REQUIRED",
            replay.get("code"),
            "a token is single-use, even after a mismatch");

        String fresh = replay.get("confirm_token").toString();
        assertNotEquals(token, fresh);
        now.addAndGet(Duration.ofMinutes(3).toNanos());
        assertEquals(
            "CONFIRMATION_REQUIRED",
            s.error("kick_mqtt_client", Map.of("clientid", "sensor-1", "confirm_token", fresh))
                .get("code"),
            "an expired token");
      }
      wm.verify(0, deleteRequestedFor(anyUrl()));
    }

    @Test
    void unknownClient_previewAnswersNotFound_withoutAToken() throws Exception {
      wm.stubFor(on(Route.GET_CLIENT, "ghost").willReturn(WireMockEmqx.clientNotFound()));
      try (TestServer s = tokenServer()) {
        Map<String, Object> error = s.error("kick_mqtt_client", Map.of("clientid", "ghost"));
        assertEquals("CLIENT_NOT_FOUND", error.get("code"));
        assertFalse(error.containsKey("confirm_token"));
      }
    }

    TestServer elicitingServer(McpSchema.ElicitResult answer, List<String> asked) throws Exception {
      Settings settings = settings(mcp(List.of("*"), List.of(), List.of(), null, true, 0));
      return TestServer.start(
          settings,
          new Policy(settings, AuditLog.off(), now::get),
          spec ->
              spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                  .elicitation(
                      request -> {
                        asked.add(request.message());
                        return answer;
                      }));
    }

    @Test
    void withElicitation_theUserIsAsked_andAcceptExecutes() throws Exception {
      List<String> asked = new ArrayList<>();
      try (TestServer s =
          elicitingServer(
              new McpSchema.ElicitResult(
                  McpSchema.ElicitResult.Action.ACCEPT, Map.of("confirm", true)),
              asked)) {
        assertEquals(
            true, s.ok("kick_mqtt_client", Map.of("clientid", "sensor-1")).get("disconnected"));
      }
      assertEquals(1, asked.size());
      assertTrue(
          asked.get(0).contains("Disconnect client 'sensor-1'")
              && asked.get(0).contains("10.0.0.5"),
          asked.get(0));
      wm.verify(1, requested(Route.KICK_CLIENT, "sensor-1"));
    }

    @Test
    void withElicitation_declineChangesNothing() throws Exception {
      try (TestServer s =
          elicitingServer(
              new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null),
              new ArrayList<>())) {
        Says.assertError(
            s.error("kick_mqtt_client", Map.of("clientid", "sensor-1")),
            "CONFIRMATION_REQUIRED",
            "decline");
      }
      wm.verify(0, deleteRequestedFor(anyUrl()));
    }
  }

  @Nested
  class RateLimit {

    @Test
    void concurrentBurst_onlyTheLimitIsSent_theRestSayWhenToRetry() throws Exception {
      try (TestServer s = server(mcp(List.of("*"), List.of(), List.of(), null, false, 5))) {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<CompletableFuture<McpSchema.CallToolResult>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          int n = i;
          calls.add(
              CompletableFuture.supplyAsync(
                  () -> s.call("publish_message", Map.of("topic", "t/" + n, "payload", "x")),
                  pool));
        }
        int ok = 0;
        for (var f : calls) {
          McpSchema.CallToolResult r = f.get();
          if (Boolean.TRUE.equals(r.isError())) {
            Map<?, ?> error = (Map<?, ?>) TestServer.parse(TestServer.text(r)).get("error");
            assertEquals("RATE_LIMITED", error.get("code"));
            assertTrue(((Number) error.get("retry_after_seconds")).intValue() >= 1);
          } else {
            ok++;
          }
        }
        pool.shutdown();
        assertEquals(5, ok);
        wm.verify(5, requested(Route.PUBLISH));
        s.ok("list_clients", Map.of()); // reading is never limited
      }
    }

    @Test
    void slidingWindow_freesPermitsAsTheyAge() {
      AtomicLong t = new AtomicLong();
      RateLimiter limiter = new RateLimiter(2, t::get);
      assertEquals(0, limiter.tryAcquire());
      t.addAndGet(30_000_000_000L);
      assertEquals(0, limiter.tryAcquire());
      assertEquals(30_000, limiter.tryAcquire(), "the first permit frees 60 s after it was taken");
      t.addAndGet(30_000_000_000L);
      assertEquals(0, limiter.tryAcquire());
    }
  }

  @Nested
  class Audit {

    static List<String> outcomes(List<String> lines) {
      return lines.stream()
          .filter(l -> "outcome".equals(TestServer.parse(l).get("phase")))
          .toList();
    }

    @Test
    void brokerChangingCalls_areAudited_executedRefusedOrFailed_readsAreNot() throws Exception {
      Path file = dir.resolve("audit/audit.log");
      wm.stubFor(on(Route.KICK_CLIENT, "gone").willReturn(WireMockEmqx.clientNotFound()));
      Settings settings = settings(mcp(List.of("*"), List.of(), List.of("plc-*"), file, false, 0));
      try (TestServer s = TestServer.start(settings)) {
        s.ok(
            "publish_message", Map.of("topic", "t/1", "payload", "x".repeat(1000), "retain", true));
        s.error("kick_mqtt_client", Map.of("clientid", "plc-7"));
        s.error("kick_mqtt_client", Map.of("clientid", "gone"));
        s.ok("list_clients", Map.of());
      }
      List<String> all = Files.readAllLines(file);
      List<String> lines = outcomes(all);
      assertEquals(3, lines.size(), all.toString());
      // An intent line before each change that was sent (not before the refused kick), same call
      // number.
      List<Map<String, Object>> intents =
          all.stream().map(TestServer::parse).filter(l -> "intent".equals(l.get("phase"))).toList();
      assertEquals(
          List.of("publish_message", "kick_mqtt_client"),
          intents.stream().map(l -> l.get("tool")).toList());
      assertEquals("intent", TestServer.parse(all.get(0)).get("phase"), "the intent comes first");
      assertEquals(intents.get(0).get("call"), TestServer.parse(lines.get(0)).get("call"));
      assertEquals(Settings.normalizeApiUrl(wm.baseUrl()), intents.get(0).get("target"));
      Map<String, Object> published = TestServer.parse(lines.get(0));
      assertEquals("publish_message", published.get("tool"));
      assertEquals("executed", published.get("outcome"));
      assertEquals(200, published.get("emqx_status"));
      assertEquals(Map.of("name", "emqx-mcp-tests", "version", "1.0"), published.get("client"));
      assertTrue(published.get("time").toString().endsWith("Z"));
      assertTrue(
          ((Map<?, ?>) published.get("arguments"))
              .get("payload")
              .toString()
              .contains("(1000 chars)"),
          "payloads are cut, not copied whole");
      Map<String, Object> refused = TestServer.parse(lines.get(1));
      assertEquals("refused", refused.get("outcome"));
      assertEquals("PROTECTED_CLIENT", refused.get("error_code"));
      Map<String, Object> failed = TestServer.parse(lines.get(2));
      assertEquals("failed", failed.get("outcome"));
      assertEquals(404, failed.get("emqx_status"));
      assertFalse(String.join("\n", lines).contains(TestServer.SECRET));
    }

    @Test
    void concurrentCalls_writeWholeLines() throws Exception {
      Path file = dir.resolve("audit.log");
      try (TestServer s = server(mcp(List.of("*"), List.of(), List.of(), file, false, 0))) {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          int n = i;
          calls.add(
              CompletableFuture.runAsync(
                  () -> s.ok("publish_message", Map.of("topic", "t/" + n, "payload", "p" + n)),
                  pool));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        pool.shutdown();
      }
      List<String> all = Files.readAllLines(file);
      List<String> lines = outcomes(all);
      assertEquals(400, all.size());
      assertEquals(200, lines.size());
      for (String line : lines) {
        assertEquals("executed", TestServer.parse(line).get("outcome"), line);
      }
    }

    @Test
    void confirmToken_isRedactedInTheAudit() throws Exception {
      Path file = dir.resolve("audit.log");
      Settings settings = settings(mcp(List.of("*"), List.of(), List.of(), file, true, 0));
      try (TestServer s = TestServer.start(settings)) {
        String token =
            s.error("kick_mqtt_client", Map.of("clientid", "sensor-1"))
                .get("confirm_token")
                .toString();
        s.ok("kick_mqtt_client", Map.of("clientid", "sensor-1", "confirm_token", token));
        String log = Files.readString(file);
        assertFalse(log.contains(token), log);
        assertTrue(log.contains("CONFIRMATION_REQUIRED") && log.contains("executed"), log);
      }
    }

    @Test
    void unwritableAuditFile_refusesChanges_butReadsWork() throws Exception {
      Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
      Settings settings =
          settings(
              mcp(
                  List.of("*"),
                  List.of(),
                  List.of(),
                  notADirectory.resolve("audit.log"),
                  false,
                  0));
      try (TestServer s = TestServer.start(settings)) {
        Says.assertError(
            s.error("publish_message", Map.of("topic", "t", "payload", "x")),
            "AUDIT_UNAVAILABLE",
            "plain-file");
        s.ok("list_clients", Map.of());
      }
      wm.verify(0, postRequestedFor(anyUrl()));
    }
  }

  @Nested
  class HugeInputs {

    @Test
    void hugeClientIdOrTopic_isInvalid_andNothingIsSent() throws Exception {
      try (TestServer s = server(mcp(List.of("*"), List.of(), List.of(), null, false, 0))) {
        assertEquals(
            "INVALID_ARGUMENT",
            s.error("get_client", Map.of("clientid", "x".repeat(70_000))).get("code"));
        assertEquals(
            "INVALID_ARGUMENT",
            s.error("publish_message", Map.of("topic", "t/".repeat(35_000), "payload", "x"))
                .get("code"));
      }
      wm.verify(0, anyRequestedFor(anyUrl()));
    }
  }
}
