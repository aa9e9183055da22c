package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Slow subscriptions, topic metrics and current rates, as EMQX v5.8.9 answers them: {@code
 * emqx_slow_subs_api.erl} ({@code {"data": [...]}}, slowest first, no paging), {@code
 * emqx_topic_metrics_api.erl} with {@code emqx_topic_metrics.erl} (at most 512 topics, no
 * wildcards, TOPIC_NOT_FOUND / BAD_TOPIC / EXCEED_LIMIT) and {@code
 * emqx_dashboard_monitor_api.erl}.
 */
final class PerformanceApi {
  static final int MAX_TOPICS = 512;
  private static final String[] COUNTED = {
    "messages.in",
    "messages.out",
    "messages.qos0.in",
    "messages.qos0.out",
    "messages.qos1.in",
    "messages.qos1.out",
    "messages.qos2.in",
    "messages.qos2.out",
    "messages.dropped"
  };

  private final ClusterState state;
  private final AdminSeed seed;

  PerformanceApi(ClusterState state) {
    this.state = state;
    this.seed = state.seed().admin();
  }

  void register(Map<String, Handler> ops) {
    ops.put(
        "slowSubs.list",
        c -> Reply.ok(Json.object().set("data", seed.slowSubs().path("data").deepCopy())));
    ops.put("slowSubs.settings", c -> Reply.ok(seed.slowSubs().path("settings")));
    ops.put(
        "topicMetrics.list",
        c ->
            state.locked(
                s -> {
                  ArrayNode out = Json.array();
                  s.admin().topicMetrics.values().forEach(out::add);
                  return Reply.ok(out);
                }));
    ops.put("topicMetrics.get", this::getTopic);
    ops.put("topicMetrics.track", this::track);
    ops.put("topicMetrics.untrack", this::untrack);
    ops.put("monitor.current", c -> Reply.ok(seed.monitorCurrent().path("cluster")));
    ops.put("monitor.node", this::nodeRates);
  }

  private static ApiError topicNotFound() {
    return ApiError.of(404, "TOPIC_NOT_FOUND", "Topic not found");
  }

  private Reply getTopic(Call call) {
    String topic = call.path("topic");
    return state.locked(
        s -> {
          ObjectNode m = s.admin().topicMetrics.get(topic);
          if (m == null) {
            throw topicNotFound();
          }
          return Reply.ok(m);
        });
  }

  /**
   * topic_metrics(post): 200 with the new (zero) counters, as get_cluster_response([Topic])
   * answers.
   */
  private Reply track(Call call) {
    JsonNode body = call.body();
    Schema.requireObject(body, "root");
    String topic = Json.text(body, "topic");
    if (topic == null) {
      throw ApiError.validation("root.topic", "required_field", null);
    }
    if (topic.isEmpty()) {
      throw ApiError.of(400, "BAD_REQUEST", "Topic can not be empty");
    }
    return state.locked(
        s -> {
          Map<String, ObjectNode> tracked = s.admin().topicMetrics;
          if (tracked.containsKey(topic)) {
            throw ApiError.of(400, "BAD_TOPIC", "Topic already registered");
          }
          if (tracked.size() >= MAX_TOPICS) {
            throw ApiError.of(409, "EXCEED_LIMIT", "Max topic metrics count is " + MAX_TOPICS);
          }
          if (topic.contains("+") || topic.contains("#")) {
            throw ApiError.of(400, "BAD_TOPIC", "Wildcard topic is not supported");
          }
          ObjectNode metrics = Json.object();
          for (String k : COUNTED) {
            metrics.put(k + ".count", 0);
            metrics.put(k + ".rate", 0.0);
          }
          ObjectNode m =
              Json.object()
                  .put("topic", topic)
                  .put("create_time", Times.millis(System.currentTimeMillis()));
          m.set("metrics", metrics);
          tracked.put(topic, m);
          return Reply.ok(m);
        });
  }

  private Reply untrack(Call call) {
    String topic = call.path("topic");
    return state.locked(
        s -> {
          if (s.admin().topicMetrics.remove(topic) == null) {
            throw topicNotFound();
          }
          return Reply.noContent();
        });
  }

  /** emqx_utils_api:with_node/2: 404 {@code Node not found: X} for a node that is not running. */
  private Reply nodeRates(Call call) {
    String node = call.path("node");
    JsonNode rates = seed.monitorCurrent().path("nodes").get(node);
    if (rates == null || !ClientsApi.RUNNING_NODES.contains(node)) {
      throw ApiError.of(404, "NOT_FOUND", "Node not found: " + node);
    }
    return Reply.ok(rates);
  }
}
