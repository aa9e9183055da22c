package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Connectors, actions and sources (data integration v2), as EMQX v5.8.9 answers them: {@code
 * emqx_connector_api.erl} ('/connectors'(get), format_connector_info/1) and {@code
 * emqx_bridge_v2_api.erl} (handle_list/1, format_bridge_info/4, get_metrics_from_all_nodes/3 and
 * the ?METRICS map of emqx_bridge.hrl). A metrics request for a well-formed ID that names no action
 * still answers 200 with zeros there (emqx_resource:get_metrics of an unknown ID is empty, and
 * format_metrics/1 falls back to empty_metrics/0); an ID that is not {@code type:name} is 404.
 */
final class IntegrationApi {
  private final ClusterState state;
  private final AdminSeed seed;

  IntegrationApi(ClusterState state) {
    this.state = state;
    this.seed = state.seed().admin();
  }

  void register(Map<String, Handler> ops) {
    ops.put("connectors.list", c -> Reply.ok(listed(seed.connectors(), c)));
    ops.put("actions.list", c -> Reply.ok(listed(seed.actions(), c)));
    ops.put("sources.list", c -> Reply.ok(listed(seed.sources(), c)));
    ops.put(
        "actions.metrics",
        c -> metrics(seed.actions(), c.path("id"), NamespaceScope.ofOne(state, c)));
    ops.put(
        "sources.metrics",
        c -> metrics(seed.sources(), c.path("id"), NamespaceScope.ofOne(state, c)));
  }

  /**
   * What the list shows: the seed entries of the namespace asked for (EMQX 6.1+: every namespace's
   * by default, see {@link NamespaceScope}) without the per-node counters, which only /metrics
   * answers.
   */
  private ArrayNode listed(JsonNode entries, Call call) {
    NamespaceScope scope = NamespaceScope.ofList(state, call);
    ArrayNode out = Json.array();
    entries.forEach(
        e -> {
          if (scope.covers(e)) {
            ObjectNode copy = scope.shown(e);
            copy.remove("node_metrics");
            out.add(copy);
          }
        });
    return out;
  }

  private static Reply metrics(JsonNode entries, String id, NamespaceScope scope) {
    int colon = id.indexOf(':');
    if (colon <= 0 || colon == id.length() - 1 || id.indexOf(':', colon + 1) >= 0) {
      throw ApiError.of(
          404, "NOT_FOUND", "Invalid bridge ID, should be of pattern {type}:{name}, but got " + id);
    }
    String type = id.substring(0, colon);
    String name = id.substring(colon + 1);
    ArrayNode nodeMetrics = Json.array();
    for (JsonNode e : entries) {
      if (scope.covers(e)
          && e.get("type").asText().equals(type)
          && e.get("name").asText().equals(name)) {
        e.path("node_metrics").forEach(nodeMetrics::add);
      }
    }
    if (nodeMetrics.isEmpty()) {
      ClientsApi.RUNNING_NODES.stream()
          .sorted()
          .forEach(
              n -> {
                ObjectNode zero = Json.object();
                for (String k :
                    List.of(
                        "dropped",
                        "dropped.other",
                        "dropped.expired",
                        "dropped.queue_full",
                        "dropped.resource_not_found",
                        "dropped.resource_stopped",
                        "matched",
                        "queuing",
                        "queuing_bytes",
                        "retried",
                        "late_reply",
                        "failed",
                        "inflight",
                        "success",
                        "rate",
                        "rate_last5m",
                        "rate_max",
                        "received")) {
                  zero.put(k, 0);
                }
                nodeMetrics.add(Json.object().put("node", n).set("metrics", zero));
              });
    }
    List<JsonNode> perNode = new ArrayList<>();
    nodeMetrics.forEach(nm -> perNode.add(nm.get("metrics")));
    ObjectNode out = Json.object();
    out.set("metrics", Json.sum(perNode, List.of()));
    out.set("node_metrics", nodeMetrics);
    return Reply.ok(out);
  }
}
