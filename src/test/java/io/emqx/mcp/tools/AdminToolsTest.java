package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The admin tools beyond the core (access control, traces, performance, queues, bulk kick, data
 * integration) through the MCP client against the fake EMQX's demo cluster: success, and the errors
 * EMQX gives for each.
 */
class AdminToolsTest extends MockBacked {

  static String message(Map<String, Object> error) {
    return String.valueOf(error.get("message"));
  }

  /** The tool answers the error {@code code}, with a message that holds {@code hint}. */
  static void assertRefused(String code, String hint, String tool, Map<String, Object> args) {
    Map<String, Object> e = error(tool, args);
    assertEquals(code, e.get("code"), e.toString());
    assertTrue(message(e).contains(hint), e.toString());
  }

  @Nested
  class AccessControl {

    @Test
    void listAuthnSources_chainInOrder_withStatusMetrics_andNodesWhenTheyDisagree() {
      Map<String, Object> r = ok("list_authn_sources", Map.of());
      assertEquals(
          List.of("password_based:built_in_database", "password_based:http", "jwt"),
          column(r, "id"));
      Map<String, Object> http = data(r).get(1);
      assertEquals("inconsistent", http.get("status"));
      assertEquals(2, ((List<?>) http.get("node_status")).size());
      assertEquals(41, ((Map<?, ?>) http.get("metrics")).get("failed"));
      assertEquals(null, data(r).get(0).get("node_status"), "nodes agree: not repeated");
      assertEquals(false, data(r).get(2).get("enable"));
      assertEquals(Map.of("count", 3), meta(r));
    }

    @Test
    void listAuthzSources_typesInOrder_withDecisions() {
      Map<String, Object> r = ok("list_authz_sources", Map.of());
      assertEquals(List.of("file", "built_in_database"), column(r, "type"));
      assertEquals(120, ((Map<?, ?>) data(r).get(1).get("metrics")).get("deny"));
      assertEquals("connected", data(r).get(0).get("status"));
    }

    @Test
    void clientCache_readThenCleared_unknownClientIsClientNotFound() {
      assertEquals(2, data(ok("get_client_authz_cache", Map.of("clientid", "sensor-42"))).size());
      Map<String, Object> cleared = ok("clear_authz_cache", Map.of("clientid", "sensor-42"));
      assertEquals("client", cleared.get("scope"));
      assertEquals(0, data(ok("get_client_authz_cache", Map.of("clientid", "sensor-42"))).size());
      assertRefused(
          "CLIENT_NOT_FOUND",
          "like_clientid",
          "get_client_authz_cache",
          Map.of("clientid", "nobody"));
      assertEquals(
          "CLIENT_NOT_FOUND", error("clear_authz_cache", Map.of("clientid", "nobody")).get("code"));
    }

    @Test
    void clearAuthzCache_withoutClient_clearsTheCluster() {
      assertEquals("cluster", ok("clear_authz_cache", Map.of()).get("scope"));
      assertEquals(0, data(ok("get_client_authz_cache", Map.of("clientid", "kiosk-lobby"))).size());
    }
  }

  @Nested
  class Traces {

    @Test
    void startListStopDelete_aClientTrace() {
      Map<String, Object> started =
          ok("start_trace", Map.of("name", "t1", "clientid", "sensor-42", "duration_seconds", 120));
      assertEquals("running", started.get("status"));
      assertEquals("clientid", started.get("type"));
      assertTrue(
          !started.get("end_at").equals(started.get("start_at")),
          "the end asked for, not EMQX's echo");
      Map<String, Object> list = ok("list_traces", Map.of());
      assertEquals("t1", data(list).get(0).get("name"), "newest first");
      assertEquals("sensor-42", data(list).get(0).get("filter"));
      Map<String, Object> empty = ok("get_trace_log", Map.of("name", "t1"));
      assertEquals("", empty.get("log"));
      assertTrue(String.valueOf(empty.get("note")).contains("batches"), empty.toString());
      ok("stop_trace", Map.of("name", "t1"));
      assertEquals("stopped", data(ok("list_traces", Map.of())).get(0).get("status"));
      ok("delete_trace", Map.of("name", "t1"));
      assertRefused("NOT_FOUND", "list_traces", "delete_trace", Map.of("name", "t1"));
      assertEquals("NOT_FOUND", error("stop_trace", Map.of("name", "t1")).get("code"));
    }

    @Test
    void startTrace_byTopicOrIp_andBadInputRefusedBeforeEmqx() {
      assertEquals(
          "topic",
          ok("start_trace", Map.of("name", "tt", "topic", "devices/+/telemetry")).get("type"));
      assertEquals(
          "ip_address",
          ok("start_trace", Map.of("name", "ti", "ip_address", "10.20.4.42")).get("type"));
      Map<String, Object> two =
          error("start_trace", Map.of("name", "x", "clientid", "a", "topic", "b"));
      assertTrue(message(two).contains("exactly one"), two.toString());
      for (Map<String, Object> bad :
          List.<Map<String, Object>>of(
              Map.of("name", "x"),
              Map.of("name", "1x", "clientid", "a"),
              Map.of("name", "x", "ip_address", "10.0.0.1:80"),
              Map.of("name", "x", "topic", "a/#/b"),
              Map.of("name", "x", "clientid", "a", "duration_seconds", 86_400))) {
        assertEquals("INVALID_ARGUMENT", error("start_trace", bad).get("code"), bad.toString());
      }
      assertEquals(
          2, data(ok("list_traces", Map.of())).size() - 1, "only the two good ones were started");
    }

    @Test
    void startTrace_sameNameTwice_isRejectedWithAHint() {
      ok("start_trace", Map.of("name", "dup", "clientid", "a"));
      Map<String, Object> e = error("start_trace", Map.of("name", "dup", "clientid", "b"));
      assertEquals("EMQX_REJECTED", e.get("code"));
      assertEquals("ALREADY_EXISTS", e.get("emqx_code"));
      assertTrue(message(e).contains("delete_trace"), e.toString());
    }

    @Test
    void getTraceLog_tailStartsOnALine_saysTruncated_andWholeWhenItFits() {
      Map<String, Object> tail =
          ok("get_trace_log", Map.of("name", "sensor42-debug", "bytes", 1024));
      assertEquals(true, tail.get("truncated"));
      assertEquals("emqx@10.0.0.11", tail.get("node"), "the node with the log");
      String log = tail.get("log").toString();
      assertTrue(log.startsWith("2026-12-03T") && log.length() <= 1024, log);
      assertTrue(log.endsWith("\n"));
      Map<String, Object> whole =
          ok("get_trace_log", Map.of("name", "sensor42-debug", "bytes", 65_536));
      assertEquals(false, whole.get("truncated"));
      assertEquals(((Number) whole.get("size")).intValue(), whole.get("log").toString().length());
      assertTrue(whole.get("log").toString().contains("queue_full"));
      Map<String, Object> otherNode =
          ok("get_trace_log", Map.of("name", "sensor42-debug", "node", "emqx@10.0.0.12"));
      assertEquals("", otherNode.get("log"));
      assertEquals("NOT_FOUND", error("get_trace_log", Map.of("name", "nope")).get("code"));
    }
  }

  @Nested
  class Performance {

    @Test
    void slowSubscriptions_paged_withSettings() {
      Map<String, Object> r = ok("list_slow_subscriptions", Map.of("limit", 2));
      assertEquals(List.of("sensor-42", "truck-0815"), column(r, "clientid"));
      assertEquals(true, meta(r).get("hasnext"));
      assertEquals(true, r.get("enabled"));
      assertEquals("500ms", r.get("threshold"));
    }

    @Test
    void topicMetrics_listOne_trackUntrack() {
      Map<String, Object> all = ok("get_topic_metrics", Map.of());
      assertEquals(98211, data(all).get(0).get("in"));
      Map<String, Object> one =
          ok("get_topic_metrics", Map.of("topic", "devices/sensor-42/telemetry"));
      assertEquals(111, ((Map<?, ?>) one.get("metrics")).get("messages.dropped.count"));
      assertEquals("a/b", ok("track_topic_metrics", Map.of("topic", "a/b")).get("topic"));
      assertEquals(3, data(ok("get_topic_metrics", Map.of())).size());
      Map<String, Object> again = error("track_topic_metrics", Map.of("topic", "a/b"));
      assertEquals("BAD_TOPIC", again.get("emqx_code"));
      assertEquals(true, ok("untrack_topic_metrics", Map.of("topic", "a/b")).get("untracked"));
      assertRefused("NOT_FOUND", "not tracked", "get_topic_metrics", Map.of("topic", "a/b"));
      assertEquals(
          "INVALID_ARGUMENT", error("track_topic_metrics", Map.of("topic", "a/#")).get("code"));
    }

    @Test
    void clusterRates_clusterOrNode_stoppedNodeNotFound() {
      assertEquals(52, ok("get_cluster_rates", Map.of()).get("received_msg_rate"));
      assertTrue(
          ok("get_cluster_rates", Map.of("node", "emqx@10.0.0.11")).containsKey("node_uptime"));
      assertRefused(
          "NOT_FOUND", "list_nodes", "get_cluster_rates", Map.of("node", "emqx@10.0.0.13"));
    }
  }

  @Nested
  class Queues {

    @Test
    void mqueue_pagesByCursor_untilEmpty() {
      Map<String, Object> first =
          ok("list_client_mqueue", Map.of("clientid", "truck-0815", "limit", 10));
      assertEquals(10, data(first).size());
      assertFalse(data(first).get(0).containsKey("payload"), "payload none by default");
      String position = meta(first).get("position").toString();
      Map<String, Object> second =
          ok(
              "list_client_mqueue",
              Map.of(
                  "clientid", "truck-0815", "limit", 10, "position", position, "payload", "plain"));
      assertEquals(4, data(second).size());
      assertTrue(data(second).get(0).get("payload").toString().contains("seq"));
      Map<String, Object> third =
          ok(
              "list_client_mqueue",
              Map.of(
                  "clientid", "truck-0815", "limit", 10, "position", meta(second).get("position")));
      assertEquals(0, data(third).size());
    }

    @Test
    void inflight_andUnknownClient_andBadCursor() {
      assertEquals(
          5, data(ok("list_client_inflight", Map.of("clientid", "sensor-42", "limit", 5))).size());
      assertEquals(
          "CLIENT_NOT_FOUND",
          error("list_client_inflight", Map.of("clientid", "nobody")).get("code"));
      Map<String, Object> bad =
          error("list_client_mqueue", Map.of("clientid", "sensor-42", "position", "x"));
      assertEquals("EMQX_REJECTED", bad.get("code"));
    }

    @Test
    void delayed_listThenDelete_thenNotFound() {
      Map<String, Object> page = ok("list_delayed_messages", Map.of());
      assertEquals(3, data(page).size());
      Map<String, Object> d = data(page).get(0);
      Map<String, Object> args = Map.of("node", d.get("node"), "msgid", d.get("msgid"));
      assertEquals(true, ok("delete_delayed_message", args).get("deleted"));
      assertEquals(2, data(ok("list_delayed_messages", Map.of())).size());
      assertRefused("NOT_FOUND", "list_delayed_messages", "delete_delayed_message", args);
      assertEquals(
          "INVALID_ARGUMENT",
          error("delete_delayed_message", Map.of("node", "emqx@10.0.0.11", "msgid", "not-hex"))
              .get("code"));
    }
  }

  @Nested
  class BulkKick {

    @Test
    void kickClients_kicksEveryListedId_unknownOnesIgnoredByEmqx() {
      Map<String, Object> r =
          ok("kick_clients", Map.of("clientids", List.of("sensor-17", "worker-1", "nobody")));
      assertEquals(3, r.get("requested"));
      assertEquals(
          "CLIENT_NOT_FOUND", error("get_client", Map.of("clientid", "sensor-17")).get("code"));
      assertEquals(
          "CLIENT_NOT_FOUND", error("get_client", Map.of("clientid", "worker-1")).get("code"));
      assertNotNull(ok("get_client", Map.of("clientid", "worker-2")));
    }

    @Test
    void kickClients_repeatsEmptyAndDotIds_areRefused_andNothingIsKicked() {
      assertEquals(
          "INVALID_ARGUMENT",
          error("kick_clients", Map.of("clientids", List.of("sensor-17", "sensor-17")))
              .get("code"));
      assertEquals(
          "INVALID_ARGUMENT", error("kick_clients", Map.of("clientids", List.of())).get("code"));
      assertEquals(
          "INVALID_ARGUMENT",
          error("kick_clients", Map.of("clientids", List.of("sensor-17", ".."))).get("code"));
      assertNotNull(ok("get_client", Map.of("clientid", "sensor-17")));
    }
  }

  @Nested
  class Integration {

    @Test
    void connectors_withStatusReason_andWhatUsesThem() {
      Map<String, Object> r = ok("list_connectors", Map.of());
      Map<String, Object> http = data(r).get(0);
      assertEquals("disconnected", http.get("status"));
      assertTrue(http.get("status_reason").toString().contains("refused"));
      assertEquals(List.of("telemetry_store"), http.get("actions"));
      assertFalse(http.containsKey("url"), "the config stays out of the row");
    }

    @Test
    void actionsAndSources_withSummedMetrics() {
      Map<String, Object> a = data(ok("list_actions", Map.of())).get(0);
      assertEquals("http:telemetry_store", a.get("id"));
      Map<?, ?> m = (Map<?, ?>) a.get("metrics");
      assertEquals(120199 + 52011, m.get("matched"));
      assertEquals(18322 + 8011, m.get("failed"));
      assertEquals(List.of("telemetry_archive"), a.get("rules"));
      Map<String, Object> s = data(ok("list_sources", Map.of())).get(0);
      assertEquals(601, ((Map<?, ?>) s.get("metrics")).get("received"));
    }

    @Test
    void setRuleEnabled_switches_andUnknownIsNotFound() {
      Map<String, Object> off =
          ok("set_rule_enabled", Map.of("id", "telemetry_archive", "enable", false));
      assertEquals(false, off.get("enable"));
      assertEquals(true, off.get("was"));
      Map<String, Object> rules = ok("list_rules", Map.of("enable", false));
      assertTrue(column(rules, "id").contains("telemetry_archive"));
      assertRefused(
          "NOT_FOUND", "list_rules", "set_rule_enabled", Map.of("id", "nope", "enable", true));
    }
  }
}
