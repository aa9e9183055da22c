package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Cluster and rule tools through the MCP client against the fake's three-node demo cluster. */
class ClusterToolsTest extends MockBacked {

  @Nested
  class Nodes {

    @Test
    void listNodes_allMembers_memoryAsPercent() {
      Map<String, Object> page = ok("list_nodes", Map.of());
      assertEquals(
          List.of("emqx@10.0.0.11", "emqx@10.0.0.12", "emqx@10.0.0.13"), column(page, "node"));
      assertEquals(List.of("running", "running", "stopped"), column(page, "node_status"));
      assertEquals(73.6, data(page).get(0).get("memory_used_percent"), "11.42G of 15.52G");
      assertEquals(Map.of("count", 3), meta(page));
    }

    @Test
    void getNode_runningHasFullRecord_stoppedIsNotFound() {
      Map<String, Object> n = ok("get_node", Map.of("node", "emqx@10.0.0.12"));
      assertEquals("/opt/emqx", n.get("sys_path"));
      assertEquals(38.9, n.get("memory_used_percent"));
      Map<String, Object> stopped = error("get_node", Map.of("node", "emqx@10.0.0.13"));
      assertEquals("NOT_FOUND", stopped.get("code"));
      assertTrue(stopped.get("message").toString().contains("list_nodes"), stopped.toString());
    }
  }

  @Nested
  class Figures {

    @Test
    void getStats_perNodeRows_orOneAggregatedRow_orOneNode() {
      Map<String, Object> perNode = ok("get_stats", Map.of());
      assertEquals(List.of("emqx@10.0.0.11", "emqx@10.0.0.12"), column(perNode, "node"));
      Map<String, Object> total = ok("get_stats", Map.of("aggregate", true));
      assertEquals(1, data(total).size());
      assertEquals(12, data(total).get(0).get("connections.count"));
      assertEquals(
          3, data(total).get(0).get("retained.count"), "retained is cluster-wide, not summed");
      Map<String, Object> one = ok("get_stats", Map.of("node", "emqx@10.0.0.11"));
      assertEquals("emqx@10.0.0.11", data(one).get(0).get("node"));
      assertEquals(
          "INVALID_ARGUMENT",
          error("get_stats", Map.of("node", "emqx@10.0.0.11", "aggregate", true)).get("code"));
    }

    @Test
    void getMetrics_prefixNarrows_andAnUnknownPrefixNamesTheFamilies() {
      Map<String, Object> r =
          ok(
              "get_metrics",
              Map.of("aggregate", true, "prefix", "messages.dropped, delivery.dropped"));
      Map<String, Object> row = data(r).get(0);
      assertTrue(
          row.keySet().stream()
              .allMatch(k -> k.startsWith("messages.dropped") || k.startsWith("delivery.dropped")),
          row.keySet().toString());
      assertEquals(1283, row.get("delivery.dropped.queue_full"));
      assertEquals(60882, row.get("messages.dropped.no_subscribers"));
      Map<String, Object> e = error("get_metrics", Map.of("prefix", "mesages."));
      assertEquals("INVALID_ARGUMENT", e.get("code"));
      assertTrue(e.get("message").toString().contains("messages."), e.toString());
    }

    @Test
    void getMetrics_unknownNode_isNotFoundRatherThanEmpty() {
      assertEquals("NOT_FOUND", error("get_metrics", Map.of("node", "emqx@nowhere")).get("code"));
      Map<String, Object> full = ok("get_metrics", Map.of("node", "emqx@10.0.0.12"));
      assertTrue(data(full).get(0).size() > 90, "about 100 counters unnarrowed");
    }
  }

  @Nested
  class AlarmsAndListeners {

    @Test
    void listAlarms_activeByDefault_clearedOnRequest() {
      Map<String, Object> active = ok("list_alarms", Map.of());
      assertEquals(List.of("high_system_memory_usage"), column(active, "name"));
      assertFalse(data(active).get(0).containsKey("deactivate_at"));
      Map<String, Object> cleared = ok("list_alarms", Map.of("activated", false));
      assertEquals(List.of("high_cpu_usage"), column(cleared, "name"));
      assertTrue(data(cleared).get(0).containsKey("deactivate_at"));
    }

    @Test
    void listListeners_projected_withNodeState() {
      Map<String, Object> page = ok("list_listeners", Map.of());
      assertEquals(
          List.of("ssl:default", "tcp:default", "ws:default", "wss:default"), column(page, "id"));
      Map<String, Object> tcp = data(page).get(1);
      assertEquals("0.0.0.0:1883", tcp.get("bind"));
      assertEquals(true, tcp.get("running"));
      assertEquals(7, tcp.get("current_connections"));
      assertEquals("infinity", tcp.get("max_connections"));
      assertEquals(2, ((List<?>) tcp.get("nodes")).size());
      assertEquals(Map.of("count", 4), meta(page));
    }

    @Test
    void listListeners_nodesDisagree_isInconsistent_andAFinding() {
      // The seed's wss:default did not start on .12: EMQX merges the nodes' booleans into the
      // string
      // "inconsistent" (emqx_mgmt_api_listeners.erl at v5.8.9).
      Map<String, Object> page = ok("list_listeners", Map.of());
      Map<String, Object> wss = data(page).get(3);
      assertEquals("inconsistent", wss.get("running"));
      List<Map<String, Object>> nodes = get(wss, "nodes");
      assertEquals(List.of(true, false), nodes.stream().map(n -> n.get("running")).toList());
      List<Map<String, Object>> findings = get(page, "findings");
      assertEquals(1, findings.size(), findings.toString());
      Map<String, Object> f = findings.get(0);
      assertEquals("warning", f.get("severity"));
      assertTrue(f.get("title").toString().contains("wss:default"), f.toString());
      assertTrue(
          f.get("evidence").toString().contains("not running on emqx@10.0.0.12"), f.toString());
      assertTrue(
          f.get("next_step").toString().contains("emqx ctl listeners restart wss:default"),
          f.toString());
    }

    @Test
    void listListeners_stoppedEverywhere_isCritical_stoppedOnOneNode_isInconsistent() {
      emqx.stopListener("tcp:default", null);
      emqx.stopListener("ssl:default", "emqx@10.0.0.11");
      Map<String, Object> page = ok("list_listeners", Map.of());
      Map<String, Object> ssl = data(page).get(0);
      Map<String, Object> tcp = data(page).get(1);
      assertEquals(false, tcp.get("running"));
      assertEquals(0, tcp.get("current_connections"));
      assertEquals("inconsistent", ssl.get("running"));
      assertEquals(1, ssl.get("current_connections"), "only .12's connection is left");
      List<Map<String, Object>> findings = get(page, "findings");
      assertEquals(
          List.of("critical", "warning", "warning"),
          findings.stream().map(f -> f.get("severity")).toList());
      assertTrue(
          findings.get(0).get("title").toString().contains("tcp:default"), findings.toString());
    }
  }

  @Nested
  class Rules {

    @Test
    void listRules_projected_andFiltered() {
      Map<String, Object> all = ok("list_rules", Map.of());
      List<String> global =
          List.of("telemetry_archive", "alert_on_overheat", "legacy_meter_bridge");
      // EMQX 6.1+ lists every namespace's rules when none is named: the fake's tenant-a has one.
      assertEquals(
          six()
              ? java.util.stream.Stream.concat(
                      global.stream(), java.util.stream.Stream.of("tenant_a_alerts"))
                  .toList()
              : global,
          column(all, "id"));
      assertEquals(List.of("republish"), data(all).get(1).get("actions"));
      assertEquals(
          List.of("legacy_meter_bridge"), column(ok("list_rules", Map.of("enable", false)), "id"));
      Map<String, Object> like = ok("list_rules", Map.of("like_id", "meter"));
      assertEquals(List.of("legacy_meter_bridge"), column(like, "id"));
      assertFalse(meta(like).containsKey("count"));
    }

    @Test
    void getRule_comesWithItsMetrics_summedAndPerNode() {
      Map<String, Object> r = ok("get_rule", Map.of("id", "telemetry_archive"));
      Map<String, Object> metrics = get(r, "metrics");
      assertEquals(18322, metrics.get("actions.failed"));
      assertEquals(239115, metrics.get("matched"));
      List<Map<String, Object>> perNode = get(r, "node_metrics");
      assertEquals(
          List.of("emqx@10.0.0.11", "emqx@10.0.0.12"),
          perNode.stream().map(n -> n.get("node")).toList());
      assertEquals("NOT_FOUND", error("get_rule", Map.of("id", "no_such_rule")).get("code"));
    }
  }
}
