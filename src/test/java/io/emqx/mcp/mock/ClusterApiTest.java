package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ClusterApiTest extends MockTestBase {
  @Test
  void nodes_listThreeWithOneStopped() {
    JsonNode nodes = api.get("/nodes").json();
    assertEquals(3, nodes.size());
    assertEquals("stopped", nodes.get(2).get("node_status").asText());
    assertEquals(3, nodes.get(2).size());
    JsonNode n = nodes.get(0);
    assertTrue(n.get("memory_total").isTextual());
    assertTrue(n.get("uptime").isIntegralNumber());
    assertEquals("5.8.9", n.get("version").asText());
  }

  @Test
  void node_getOrNotFound() {
    assertEquals("core", api.get("/nodes/emqx@10.0.0.11").json().get("role").asText());
    for (String node : new String[] {"emqx@nohost", "emqx@10.0.0.13"}) {
      var r = api.get("/nodes/" + node);
      assertEquals(404, r.status());
      assertEquals("Node not found: " + node, r.json().get("message").asText());
    }
  }

  @Test
  void nodeStatsAndMetrics_areBareObjects() {
    var stats = api.get("/nodes/emqx@10.0.0.12/stats").json();
    assertTrue(stats.has("connections.count"));
    assertFalse(stats.has("node"));
    assertTrue(
        api.get("/nodes/emqx@10.0.0.12/metrics").json().has("messages.dropped.no_subscribers"));
    assertEquals(404, api.get("/nodes/emqx@10.0.0.13/metrics").status());
  }

  @Test
  void stats_perNodeArray_orAggregate() {
    JsonNode per = api.get("/stats").json();
    assertEquals(2, per.size());
    long c11 = per.get(0).get("connections.count").asLong();
    long c12 = per.get(1).get("connections.count").asLong();
    JsonNode agg = api.get("/stats?aggregate=true").json();
    assertTrue(agg.isObject());
    assertEquals(c11 + c12, agg.get("connections.count").asLong());
    // Global figures are not doubled.
    assertEquals(3, agg.get("retained.count").asLong());
    assertEquals(per.get(0).get("topics.count").asLong(), agg.get("topics.count").asLong());
  }

  @Test
  void stats_followTheState() {
    long before = api.get("/stats?aggregate=true").json().get("connections.count").asLong();
    api.delete("/clients/worker-1");
    assertEquals(
        before - 1, api.get("/stats?aggregate=true").json().get("connections.count").asLong());
    assertEquals(11, api.get("/nodes").json().get(0).get("cluster_sessions").asLong());
  }

  @Test
  void metrics_perNode_aggregate_andUnknownNode() {
    assertEquals(2, api.get("/metrics").json().size());
    JsonNode agg = api.get("/metrics?aggregate=true").json();
    assertTrue(agg.isObject());
    assertNull(agg.get("node"));
    var one = api.get("/metrics?node=emqx@10.0.0.11").json();
    assertEquals(1, one.size());
    api.assertGet("/metrics?node=unknown", 200, "[]");
  }

  @Test
  void alarms_activatedByDefault_withDuration() {
    var r = api.get("/alarms").json();
    assertEquals(1, r.get("meta").get("count").asInt());
    JsonNode a = r.get("data").get(0);
    assertEquals("high_system_memory_usage", a.get("name").asText());
    assertTrue(a.get("duration").asLong() > 0);
    var old = api.get("/alarms?activated=false").json().get("data").get(0);
    assertTrue(old.has("deactivate_at"));
    assertEquals(0, api.get("/alarms?page=2&limit=1").json().get("data").size());
  }

  @Test
  void listeners_groupedById_typeFilter() {
    JsonNode all = api.get("/listeners").json();
    assertEquals(4, all.size());
    JsonNode tcp = api.get("/listeners?type=tcp").json();
    assertEquals(1, tcp.size());
    assertEquals("tcp:default", tcp.get(0).get("id").asText());
    assertEquals(2, tcp.get(0).get("node_status").size());
  }

  @Test
  void listeners_nodesMergedAsEmqxDoes() {
    // format_status/4 in emqx_mgmt_api_listeners.erl at v5.8.9: running is the nodes' common
    // boolean
    // or "inconsistent"; connections are summed; number counts the nodes; no ids in /listeners.
    JsonNode wss = api.get("/listeners?type=wss").json().get(0);
    assertEquals("inconsistent", wss.get("status").get("running").asText());
    assertTrue(wss.get("node_status").get(0).get("status").get("running").asBoolean());
    assertFalse(wss.get("node_status").get(1).get("status").get("running").asBoolean());
    assertEquals(2, wss.get("number").asInt());
    assertFalse(wss.has("ids"));
    JsonNode tcp = api.get("/listeners?type=tcp").json().get(0);
    assertTrue(tcp.get("status").get("running").isBoolean());
    assertEquals("infinity", tcp.get("status").get("max_connections").asText());

    emqx.stopListener("tcp:default", "emqx@10.0.0.12");
    tcp = api.get("/listeners?type=tcp").json().get(0);
    assertEquals("inconsistent", tcp.get("status").get("running").asText());
    assertEquals(
        4, tcp.get("status").get("current_connections").asInt(), "a stopped listener has 0 there");
    emqx.stopListener("tcp:default", null);
    tcp = api.get("/listeners?type=tcp").json().get(0);
    assertFalse(tcp.get("status").get("running").asBoolean());
    assertTrue(tcp.get("status").get("running").isBoolean());
    emqx.reset();
    assertTrue(
        api.get("/listeners?type=tcp").json().get(0).get("status").get("running").asBoolean());
  }

  @Test
  void rules_listAndFilters() {
    var all = api.get("/rules").json();
    assertEquals(3, all.get("meta").get("count").asInt());
    assertFalse(all.get("data").get(0).has("metrics"));
    assertEquals(1, api.get("/rules?enable=false").json().get("data").size());
    var like = api.get("/rules?like_id=alert").json();
    assertEquals(1, like.get("data").size());
    assertNull(like.get("meta").get("count"));
    assertEquals(1, api.get("/rules?limit=1&page=3").json().get("data").size());
    assertEquals("BAD_REQUEST", api.get("/rules?enable=maybe").code());
  }

  @Test
  void rule_getAndMetrics() {
    assertEquals(
        "telemetry_archive", api.get("/rules/telemetry_archive").json().get("id").asText());
    var m = api.get("/rules/telemetry_archive/metrics").json();
    assertEquals(2, m.get("node_metrics").size());
    long sum =
        m.get("node_metrics").get(0).get("metrics").get("matched").asLong()
            + m.get("node_metrics").get(1).get("metrics").get("matched").asLong();
    assertEquals(sum, m.get("metrics").get("matched").asLong());
    assertTrue(m.get("metrics").get("actions.failed.out_of_service").asLong() > 0);
    var missing = api.get("/rules/nope");
    assertEquals("{\"code\":\"NOT_FOUND\",\"message\":\"Rule Id Not Found\"}", missing.body());
    assertEquals(404, api.get("/rules/nope/metrics").status());
  }
}
