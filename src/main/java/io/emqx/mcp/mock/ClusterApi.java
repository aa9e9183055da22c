package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Nodes, stats, metrics, listeners and alarms (EMQX v5.8.9
 * apps/emqx_management/src/emqx_mgmt_api_nodes.erl, _stats, _metrics, _listeners, _alarms). The
 * figures come from {@code __files/cluster/*.json}; the connection, session, subscription, topic
 * and retained counts are overlaid from the live state, so a kick or a subscribe shows up in them.
 */
final class ClusterApi {
  /**
   * Stats that are cluster-wide, not summed across nodes by aggregate=true
   * (apps/emqx_management/src/emqx_mgmt_api_stats.erl at v5.8.9).
   */
  private static final List<String> GLOBAL_STATS =
      List.of("retained.", "topics.", "subscriptions.shared.");

  private final ClusterState state;
  private final Seed seed;

  ClusterApi(ClusterState state) {
    this.state = state;
    this.seed = state.seed();
  }

  void register(Map<String, Handler> ops) {
    ops.put("nodes.list", c -> Reply.ok(state.locked(this::nodes)));
    ops.put("nodes.get", c -> Reply.ok(runningNode(state.locked(this::nodes), c.path("node"))));
    ops.put(
        "nodes.stats",
        c -> Reply.ok(withoutNode(runningNode(state.locked(this::stats), c.path("node")))));
    ops.put(
        "nodes.metrics", c -> Reply.ok(withoutNode(runningNode(seed.metrics(), c.path("node")))));
    ops.put("stats", this::statsList);
    ops.put("metrics", this::metricsList);
    ops.put("listeners", this::listeners);
    ops.put("alarms", this::alarms);
  }

  /** Live figures of one running node. */
  private record Load(long connected, long sessions, long subscriptions, long subscribers) {}

  private static Map<String, Load> loads(ClusterState s) {
    Map<String, long[]> acc = new HashMap<>();
    for (ClientFacts f : s.clients().all()) {
      long[] a = acc.computeIfAbsent(f.node(), k -> new long[4]);
      a[0] += f.connected() ? 1 : 0;
      a[1]++;
    }
    Map<String, Set<String>> subscribers = new HashMap<>();
    for (Subscription sub : s.subscriptions()) {
      acc.computeIfAbsent(sub.node(), k -> new long[4])[2]++;
      subscribers.computeIfAbsent(sub.node(), k -> new HashSet<>()).add(sub.clientid());
    }
    subscribers.forEach((node, ids) -> acc.get(node)[3] = ids.size());
    Map<String, Load> out = new HashMap<>();
    acc.forEach((node, a) -> out.put(node, new Load(a[0], a[1], a[2], a[3])));
    return out;
  }

  private ArrayNode nodes(ClusterState s) {
    Map<String, Load> loads = loads(s);
    long sessions = s.clients().size();
    ArrayNode out = Json.array();
    for (JsonNode n : seed.nodes()) {
      ObjectNode node = n.deepCopy();
      if ("running".equals(Json.text(node, "node_status"))) {
        // emqx_mgmt:node_info/0: the release without its prefix, and the edition; from 5.9 every
        // build is Enterprise (apps/emqx/src/emqx_release.erl edition/0, e5.9.3 and release-63).
        String v = s.emqxVersion();
        String[] parts = v.split("\\.");
        boolean merged = Integer.parseInt(parts[0]) > 5 || Integer.parseInt(parts[1]) >= 9;
        node.put("version", v);
        node.put("edition", merged ? "Enterprise" : Json.text(node, "edition"));
        Load l = loads.getOrDefault(node.get("node").asText(), new Load(0, 0, 0, 0));
        node.put("connections", l.sessions()).put("live_connections", l.connected());
        node.put("cluster_sessions", sessions);
      }
      out.add(node);
    }
    return out;
  }

  private ArrayNode stats(ClusterState s) {
    Map<String, Load> loads = loads(s);
    long shared = s.subscriptions().stream().filter(sub -> Topics.isShared(sub.topic())).count();
    long topics = s.routes().stream().map(ClusterState.Route::topic).distinct().count();
    ArrayNode out = Json.array();
    for (JsonNode n : seed.stats()) {
      ObjectNode st = n.deepCopy();
      Load l = loads.getOrDefault(st.get("node").asText(), new Load(0, 0, 0, 0));
      st.put("connections.count", l.sessions()).put("live_connections.count", l.connected());
      st.put("channels.count", l.sessions()).put("sessions.count", l.sessions());
      st.put("cluster_sessions.count", s.clients().size());
      st.put("subscriptions.count", l.subscriptions()).put("suboptions.count", l.subscriptions());
      st.put("subscribers.count", l.subscribers()).put("subscriptions.shared.count", shared);
      st.put("topics.count", topics).put("retained.count", s.retained().size());
      out.add(st);
    }
    return out;
  }

  /** The entry of a running node; 404 for an unknown or stopped one (emqx_utils_api:with_node). */
  private static ObjectNode runningNode(JsonNode perNode, String node) {
    for (JsonNode n : perNode) {
      if (node.equals(Json.text(n, "node")) && !"stopped".equals(Json.text(n, "node_status"))) {
        return (ObjectNode) n;
      }
    }
    throw ApiError.of(404, "NOT_FOUND", "Node not found: " + node);
  }

  /** /nodes/{node}/stats and /metrics answer the bare figures, without the node key. */
  private static ObjectNode withoutNode(ObjectNode o) {
    ObjectNode copy = o.deepCopy();
    copy.remove("node");
    return copy;
  }

  /** Per-node array by default; aggregate=true sums into one object. */
  private Reply statsList(Call call) {
    Boolean aggregate = Query.bool(call, "aggregate");
    ArrayNode perNode = state.locked(this::stats);
    return Reply.ok(Boolean.TRUE.equals(aggregate) ? Json.sum(perNode, GLOBAL_STATS) : perNode);
  }

  /**
   * Per node by default, whatever the schema text says; {@code node=} keeps one node and an unknown
   * node gives {@code 200 []} (apps/emqx_management/src/emqx_mgmt_api_metrics.erl at v5.8.9).
   */
  private Reply metricsList(Call call) {
    Boolean aggregate = Query.bool(call, "aggregate");
    if (Boolean.TRUE.equals(aggregate)) {
      return Reply.ok(Json.sum(seed.metrics(), List.of()));
    }
    String node = call.query("node");
    ArrayNode out = Json.array();
    seed.metrics()
        .forEach(
            m -> {
              if (node == null || node.equals(Json.text(m, "node"))) {
                out.add(m);
              }
            });
    return Reply.ok(out);
  }

  /**
   * Grouped by listener id; {@code type=} keeps one type (emqx_mgmt_api_listeners.erl at v5.8.9).
   */
  private Reply listeners(Call call) {
    String type = Query.oneOf(call, "type", Set.of("tcp", "ssl", "ws", "wss", "quic"));
    return Reply.ok(
        state.locked(
            s -> {
              ArrayNode out = Json.array();
              seed.listeners()
                  .forEach(
                      l -> {
                        if (type == null || type.equals(Json.text(l, "type"))) {
                          out.add(merged(l, s));
                        }
                      });
              return out;
            }));
  }

  /**
   * One listener as EMQX merges its nodes' views (format_status/4 and listener_status_by_id/1 in
   * emqx_mgmt_api_listeners.erl at v5.8.9): {@code running} is the nodes' common boolean, or {@code
   * "inconsistent"} when they differ; {@code max_connections} is summed unless one node says
   * infinity; {@code current_connections} is summed; {@code number} counts the nodes. A listener
   * stopped on a node runs false there with 0 connections (emqx_listeners:format_raw_listeners/1).
   */
  private static ObjectNode merged(JsonNode seedListener, ClusterState s) {
    ObjectNode l = seedListener.deepCopy();
    String id = l.get("id").asText();
    JsonNode running = null;
    JsonNode max = null;
    long current = 0;
    int nodes = 0;
    for (JsonNode n : l.withArray("node_status")) {
      ObjectNode st = (ObjectNode) n.get("status");
      if (s.listenerStopped(id, n.get("node").asText())) {
        st.put("running", false).put("current_connections", 0);
      }
      JsonNode r = st.get("running");
      running = running == null || running.equals(r) ? r : TextNode.valueOf("inconsistent");
      JsonNode m = st.get("max_connections");
      max =
          max == null
              ? m
              : max.isTextual() || m.isTextual()
                  ? TextNode.valueOf("infinity")
                  : LongNode.valueOf(max.asLong() + m.asLong());
      current += st.path("current_connections").asLong();
      nodes++;
    }
    ObjectNode status = Json.object();
    status.set("running", running);
    status.set("max_connections", max);
    status.put("current_connections", current);
    l.set("status", status);
    l.put("number", nodes);
    return l;
  }

  /** {@code activated} defaults to true; an active alarm's duration runs until now. */
  private Reply alarms(Call call) {
    Query.Paging paging = Query.paging(call);
    Boolean activated = Query.bool(call, "activated");
    boolean active = activated == null || activated;
    List<JsonNode> rows = new ArrayList<>();
    long now = System.currentTimeMillis();
    seed.alarms()
        .path(active ? "activated" : "deactivated")
        .forEach(
            a -> {
              ObjectNode alarm = a.deepCopy();
              if (active) {
                Long since = Times.parse(alarm.get("activate_at").asText());
                alarm.put("duration", since == null ? 0 : Math.max(0, now - since));
              }
              rows.add(alarm);
            });
    return Reply.ok(Pages.of(rows, paging, a -> a, true));
  }
}
