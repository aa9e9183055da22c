package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The diagnosis tools against the fake's demo story: a degraded cluster (one node stopped, one
 * alarm) and sensor-42, which listens on devices/sensor-42/cmd while commands go to
 * devices/sensor-42/commands, with a full queue.
 */
class DiagnosisToolsTest extends MockBacked {

  static List<Map<String, Object>> findings(Map<String, Object> report) {
    return get(report, "findings");
  }

  static List<String> titles(Map<String, Object> report, String severity) {
    return findings(report).stream()
        .filter(f -> severity.equals(f.get("severity")))
        .map(f -> f.get("title").toString())
        .toList();
  }

  @Nested
  class ClusterHealth {

    @Test
    void demoCluster_isDegraded_byTheStoppedNodeAndTheAlarm() {
      Map<String, Object> r = ok("get_cluster_health", Map.of());
      assertEquals("degraded", r.get("verdict"));
      assertEquals(List.of("Node emqx@10.0.0.13 is stopped"), titles(r, "critical"));
      assertTrue(
          titles(r, "warning").contains("Alarm high_system_memory_usage on emqx@10.0.0.11"),
          r.toString());
      assertTrue(
          r.get("summary").toString().startsWith("degraded: Node emqx@10.0.0.13 is stopped"),
          r.toString());
      assertEquals(
          Map.of("running", 2, "stopped", 1, "stopped_nodes", List.of("emqx@10.0.0.13")),
          r.get("nodes"));
      assertEquals(12, ((Map<?, ?>) r.get("figures")).get("connections.count"));
      for (Map<String, Object> f : findings(r)) {
        assertTrue(
            !f.get("evidence").toString().isBlank() && !f.get("next_step").toString().isBlank(),
            f.toString());
      }
    }
  }

  @Nested
  class DiagnoseClient {

    @Test
    void sensor42_commandsTopic_noSubscriptionMatches_andTheClosestIsNamed() {
      Map<String, Object> r =
          ok(
              "diagnose_client",
              Map.of("clientid", "sensor-42", "topic", "devices/sensor-42/commands"));
      assertEquals("problem", r.get("verdict"));
      Map<String, Object> check = get(r, "topic_check");
      assertEquals(List.of(), check.get("matching"));
      assertEquals(List.of(), check.get("emqx_match_topic"));
      assertEquals("devices/sensor-42/cmd", check.get("closest"));
      Map<String, Object> first = findings(r).get(0);
      assertEquals("No subscription matches 'devices/sensor-42/commands'", first.get("title"));
      assertTrue(
          first.get("evidence").toString().contains("has 'cmd' where the topic has 'commands'"),
          first.toString());
      assertTrue(titles(r, "critical").contains("Messages for it are being dropped"), r.toString());
      Map<String, Object> client = get(r, "client");
      assertEquals(1283, client.get("mqueue_dropped"));
    }

    @Test
    void sensor42_afterTheFix_theTopicMatches() {
      ok(
          "subscribe_client",
          Map.of("clientid", "sensor-42", "topic", "devices/+/commands", "qos", 1));
      Map<String, Object> r =
          ok(
              "diagnose_client",
              Map.of("clientid", "sensor-42", "topic", "devices/sensor-42/commands"));
      Map<String, Object> check = get(r, "topic_check");
      assertEquals(
          List.of("devices/+/commands"),
          check.get("matching"),
          "wildcard matching, as MQTT delivers");
      assertEquals(
          List.of(),
          check.get("emqx_match_topic"),
          "EMQX's match_topic cannot see a wildcard filter here");
      assertTrue(
          titles(r, "info").contains("Subscribed to 'devices/sensor-42/commands'"), r.toString());
      assertEquals(List.of("Messages for it are being dropped"), titles(r, "critical"));
    }

    @Test
    void disconnectedClientWithSession_isAProblem_withItsExpiry() {
      Map<String, Object> r = ok("diagnose_client", Map.of("clientid", "truck-0815"));
      assertEquals("problem", r.get("verdict"));
      Map<String, Object> f = findings(r).get(0);
      assertTrue(f.get("title").toString().startsWith("Disconnected since"), f.toString());
      assertTrue(f.get("evidence").toString().contains("expiry_interval 7200 s"), f.toString());
    }

    @Test
    void healthySharedSubscriber_isOk_withTheShareExplained() {
      Map<String, Object> r =
          ok("diagnose_client", Map.of("clientid", "worker-1", "topic", "jobs/42"));
      assertEquals("ok", r.get("verdict"), r.toString());
      assertEquals(
          List.of("$share/workers/jobs/#"), ((Map<?, ?>) r.get("topic_check")).get("matching"));
      assertTrue(titles(r, "info").contains("Shared subscription"), r.toString());
    }

    @Test
    void bannedUnknownClient_isNotFound_andTheBanIsTheCause() {
      Map<String, Object> r = ok("diagnose_client", Map.of("clientid", "rogue-device-13"));
      assertEquals("not_found", r.get("verdict"));
      assertTrue(
          titles(r, "critical")
              .containsAll(
                  List.of(
                      "EMQX has no client 'rogue-device-13'", "Banned (clientid rogue-device-13)")),
          r.toString());
      assertTrue(
          findings(r).stream()
              .anyMatch(
                  f ->
                      f.get("next_step")
                          .toString()
                          .contains("unban_client as=clientid who=rogue-device-13")),
          r.toString());
    }

    @Test
    void addressAndPatternBans_applyToAConnectedClient() {
      ok(
          "ban_client",
          Map.of("as", "peerhost_net", "who", "10.60.0.0/16", "duration_seconds", 600));
      ok("ban_client", Map.of("as", "clientid_re", "who", "^kiosk-"));
      Map<String, Object> r = ok("diagnose_client", Map.of("clientid", "kiosk-lobby"));
      assertEquals("problem", r.get("verdict"));
      assertTrue(
          titles(r, "critical")
              .containsAll(
                  List.of("Banned (peerhost_net 10.60.0.0/16)", "Banned (clientid_re ^kiosk-)")),
          r.toString());
      assertTrue(
          findings(r).get(0).get("evidence").toString().contains("a reconnect is refused"),
          r.toString());
    }

    @Test
    void unknownClient_withoutBan_isNotFound_andATopicFilterIsRefused() {
      Map<String, Object> r = ok("diagnose_client", Map.of("clientid", "sensor-420"));
      assertEquals("not_found", r.get("verdict"));
      assertEquals(1, titles(r, "critical").size());
      assertEquals(
          "INVALID_ARGUMENT",
          error("diagnose_client", Map.of("clientid", "sensor-42", "topic", "devices/#"))
              .get("code"));
    }
  }
}
