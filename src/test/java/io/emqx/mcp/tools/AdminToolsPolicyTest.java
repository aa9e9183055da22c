package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.policy.AuditLog;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.support.MockEmqxPerClass;
import io.emqx.mcp.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's rules on the admin tools, against the fake EMQX: read-only hides and refuses every
 * tool that changes the broker, protected clients stop a bulk kick or a cache clear before anything
 * is sent, one confirmation covers a batch, and the audit line names every client of a bulk kick.
 */
class AdminToolsPolicyTest extends MockEmqxPerClass {

  /** The new tools that change the broker, with arguments valid against the demo cluster. */
  static final Map<String, Map<String, Object>> CHANGES =
      Map.of(
          "clear_authz_cache", Map.of("clientid", "sensor-42"),
          "start_trace", Map.of("name", "p1", "clientid", "sensor-42"),
          "stop_trace", Map.of("name", "sensor42-debug"),
          "delete_trace", Map.of("name", "sensor42-debug"),
          "track_topic_metrics", Map.of("topic", "x/y"),
          "untrack_topic_metrics", Map.of("topic", "devices/sensor-42/telemetry"),
          "delete_delayed_message",
              Map.of("node", "emqx@10.0.0.11", "msgid", "0006452B0F1C6F2AF4420100C4F30000"),
          "kick_clients", Map.of("clientids", List.of("sensor-17")),
          "set_rule_enabled", Map.of("id", "telemetry_archive", "enable", false));

  @TempDir Path dir;

  static Settings settings(
      boolean readOnly, List<String> protectedIds, Path audit, boolean confirm) {
    return MockBacked.settings(emqx)
        .withMcp(
            new Settings.Mcp(readOnly, List.of("*"), List.of(), protectedIds, audit, confirm, 0));
  }

  /** A server that asks for a confirmation of every change, without an audit log. */
  static TestServer confirming() throws java.io.IOException {
    Settings settings = settings(false, List.of(), null, true);
    return TestServer.start(
        settings, new Policy(settings, AuditLog.off(), System::nanoTime), x -> x);
  }

  @Test
  void readOnly_hidesAndRefusesEveryChange_butTheReadsWork() throws Exception {
    try (TestServer s = TestServer.start(settings(true, List.of(), null, false))) {
      Set<String> listed = new java.util.HashSet<>();
      s.client().listTools().tools().forEach(t -> listed.add(t.name()));
      for (var c : CHANGES.entrySet()) {
        assertFalse(listed.contains(c.getKey()), c.getKey() + " is hidden");
        assertEquals("READ_ONLY", s.error(c.getKey(), c.getValue()).get("code"), c.getKey());
      }
      assertTrue(
          listed.containsAll(
              List.of("list_traces", "get_trace_log", "list_connectors", "list_client_mqueue")));
      assertNotNull(s.ok("get_trace_log", Map.of("name", "sensor42-debug")));
    }
    // Nothing changed in the fake: the trace is still there, the client still connected, the rule
    // still on.
    try (TestServer s = TestServer.start(settings(false, List.of(), null, false))) {
      assertEquals(
          "sensor42-debug", MockBacked.data(s.ok("list_traces", Map.of())).get(0).get("name"));
      assertNotNull(s.ok("get_client", Map.of("clientid", "sensor-17")));
      assertEquals(true, s.ok("get_rule", Map.of("id", "telemetry_archive")).get("enable"));
    }
  }

  @Test
  void protectedClient_inABulkKick_refusesTheWholeBatch() throws Exception {
    try (TestServer s = TestServer.start(settings(false, List.of("plant/*"), null, false))) {
      Map<String, Object> e =
          s.error("kick_clients", Map.of("clientids", List.of("sensor-17", "plant/line-1/plc")));
      assertEquals("PROTECTED_CLIENT", e.get("code"));
      assertTrue(e.get("message").toString().contains("plant/line-1/plc"), e.toString());
      assertNotNull(
          s.ok("get_client", Map.of("clientid", "sensor-17")), "nothing of the batch was kicked");
      assertEquals(
          "PROTECTED_CLIENT",
          s.error("clear_authz_cache", Map.of("clientid", "plant/line-1/plc")).get("code"));
      assertEquals(
          2,
          s.ok("kick_clients", Map.of("clientids", List.of("sensor-17", "worker-1")))
              .get("requested"));
    }
  }

  @Test
  void confirmation_oneTokenForTheBatch_previewNamesEveryClient() throws Exception {
    try (TestServer s = confirming()) {
      Map<String, Object> args = Map.of("clientids", List.of("sensor-17", "worker-1", "worker-2"));
      Map<String, Object> first = s.error("kick_clients", args);
      assertEquals("CONFIRMATION_REQUIRED", first.get("code"));
      String preview = first.get("preview").toString();
      assertTrue(preview.contains("3 client(s)") && preview.contains("'worker-2'"), preview);
      assertNotNull(
          s.ok("get_client", Map.of("clientid", "worker-1")),
          "nothing sent before the confirmation");
      Map<String, Object> confirmed = new HashMap<>(args);
      confirmed.put("confirm_token", first.get("confirm_token"));
      assertEquals(3, s.ok("kick_clients", confirmed).get("requested"));
      assertEquals(
          "CLIENT_NOT_FOUND", s.error("get_client", Map.of("clientid", "worker-2")).get("code"));
    }
  }

  @Test
  void confirmation_previewsSayWhatWillHappen_fromEmqxsState() throws Exception {
    try (TestServer s = confirming()) {
      String rule =
          s.error("set_rule_enabled", Map.of("id", "telemetry_archive", "enable", false))
              .get("preview")
              .toString();
      assertTrue(
          rule.startsWith("Disable rule 'telemetry_archive'")
              && rule.contains("http:telemetry_store"),
          rule);
      String delayed =
          s.error("delete_delayed_message", CHANGES.get("delete_delayed_message"))
              .get("preview")
              .toString();
      assertTrue(
          delayed.contains("devices/sensor-42/commands") && delayed.contains("worker-1"), delayed);
      assertTrue(
          s.error("clear_authz_cache", Map.of())
              .get("preview")
              .toString()
              .contains("every client"));
      assertEquals(
          "CONFIRMATION_REQUIRED",
          s.error("delete_trace", Map.of("name", "sensor42-debug")).get("code"));
      Map<String, Object> missing =
          s.error("set_rule_enabled", Map.of("id", "nope", "enable", false));
      assertEquals("NOT_FOUND", missing.get("code"), "an unknown rule is not previewed");
    }
  }

  @Test
  void audit_bulkKickLine_listsEveryId() throws Exception {
    Path file = dir.resolve("audit.log");
    try (TestServer s = TestServer.start(settings(false, List.of(), file, false))) {
      s.ok("kick_clients", Map.of("clientids", List.of("sensor-17", "worker-1")));
    }
    List<Map<String, Object>> lines =
        Files.readAllLines(file).stream().map(TestServer::parse).toList();
    assertEquals(List.of("intent", "outcome"), lines.stream().map(l -> l.get("phase")).toList());
    lines.forEach(l -> assertEquals("kick_clients", l.get("tool")));
    assertEquals(
        Map.of("clientids", List.of("sensor-17", "worker-1")),
        lines.get(0).get("arguments"),
        "the intent, written before EMQX is asked, names each client");
    assertEquals("executed", lines.get(1).get("outcome"));
  }
}
