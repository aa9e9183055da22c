package io.emqx.mcp.tools;

import io.emqx.mcp.emqx.AdminApi;
import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.emqx.Parallel;
import io.emqx.mcp.emqx.model.Page;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Tools over where the cluster is slow or busy: slow subscriptions, per-topic message counters, and
 * the current message and connection rates.
 */
final class PerformanceTools {

  private static final String GROUP = "performance";

  private final AdminApi emqx;

  PerformanceTools(EmqxClient emqx) {
    this.emqx = emqx.admin();
  }

  List<ToolSpec> specs() {
    return List.of(listSlowSubscriptions(), getTopicMetrics(), trackTopicMetrics(), untrackTopicMetrics(),
        getClusterRates());
  }

  /** A page of slow subscriptions, with whether EMQX records them and from what latency. */
  record SlowPage(List<Map<String, Object>> data, Page.Meta meta, Boolean enabled, String threshold) {}

  private ToolSpec listSlowSubscriptions() {
    return new ToolSpec(GROUP, "list_slow_subscriptions", "List slow subscriptions",
        "Subscriptions whose messages took longest to deliver, slowest first: clientid, topic, node, timespan "
            + "(ms), last_update_time; with enabled and threshold. Empty when disabled.",
        Access.READ, true, Paging.args(Schema.object()).closed().build(), Paging.pageOf().build(),
        call -> {
          CompletableFuture<Parallel.Outcome<Map<String, Object>>> settings =
              Parallel.attempt(emqx::slowSubscriptionSettings);
          List<Map<String, Object>> all = emqx.slowSubscriptions();
          Page<Map<String, Object>> page = Paging.slice(all, Paging.page(call.args()), Paging.limit(call.args()));
          Parallel.Outcome<Map<String, Object>> s = Parallel.join(settings);
          Map<String, Object> set = s.ok() ? s.value() : Map.of();
          return new SlowPage(page.data(), page.meta(), (Boolean) set.get("enable"), (String) set.get("threshold"));
        });
  }

  /** A tracked topic in a list: its main counters and rates. */
  record TopicRow(String topic, Object in, Object out, Object dropped, Object inRate, Object outRate,
      Object droppedRate, String createTime) {
    static TopicRow of(Map<String, Object> t) {
      Map<?, ?> m = (Map<?, ?>) t.get("metrics");
      return new TopicRow((String) t.get("topic"), m.get("messages.in.count"), m.get("messages.out.count"),
          m.get("messages.dropped.count"), m.get("messages.in.rate"), m.get("messages.out.rate"),
          m.get("messages.dropped.rate"), (String) t.get("create_time"));
    }
  }

  private static Schema topic(String what) {
    return Schema.string(what).length(1, 65535);
  }

  private ToolSpec getTopicMetrics() {
    Schema input = Paging.args(Schema.object().prop("topic", topic("One tracked topic; omit to list all.")))
        .closed();
    return new ToolSpec(GROUP, "get_topic_metrics", "Get topic metrics",
        "Message counters of topics tracked with track_topic_metrics: one topic in full (metrics messages.*.count "
            + "and .rate per QoS), or all as {data: [{topic, in, out, dropped, rates}], meta}.",
        Access.READ, true, input.build(), Schema.object().build(),
        call -> {
          Args a = call.args();
          if (a.has("topic")) {
            return emqx.topicMetrics(Args.validTopic("topic", a.segment("topic"), false));
          }
          return Paging.slice(emqx.listTopicMetrics().stream().map(TopicRow::of).toList(), Paging.page(a),
              Paging.limit(a));
        })
        .withTopics(ToolSpec.TopicArg.read("topic"));
  }

  private ToolSpec trackTopicMetrics() {
    return new ToolSpec(GROUP, "track_topic_metrics", "Track a topic's metrics",
        "Start counting messages in, out and dropped on one topic name (no wildcards; EMQX tracks up to 512). "
            + "get_topic_metrics reads them.",
        Access.WRITE, false, Schema.object().required("topic", topic("Topic name, e.g. devices/42/telemetry."))
            .closed().build(),
        Schema.object().required("topic", Schema.string(null)).build(),
        call -> TopicRow.of(emqx.trackTopicMetrics(Args.validTopic("topic", call.args().string("topic"), false))))
        .withTopics(ToolSpec.TopicArg.read("topic"));
  }

  /** The result of an untrack. */
  record Untracked(String topic, boolean untracked, String message) {}

  private ToolSpec untrackTopicMetrics() {
    return new ToolSpec(GROUP, "untrack_topic_metrics", "Stop tracking a topic",
        "Stop counting a tracked topic; its counters are dropped. NOT_FOUND if it was not tracked.",
        Access.WRITE, true, Schema.object().required("topic", topic("A tracked topic.")).closed().build(),
        Schema.object().required("untracked", Schema.bool(null)).build(),
        call -> {
          String topic = Args.validTopic("topic", call.args().segment("topic"), false);
          emqx.untrackTopicMetrics(topic);
          return new Untracked(topic, true, "Topic '" + topic + "' is no longer tracked.");
        });
  }

  private ToolSpec getClusterRates() {
    return new ToolSpec(GROUP, "get_cluster_rates", "Get current rates",
        "Current per-second rates (received_msg_rate, sent_msg_rate, dropped_msg_rate, …) and gauges "
            + "(connections, live_connections, subscriptions, topics, retained_msg_count), cluster or one node.",
        Access.READ, true,
        Schema.object().prop("node", Schema.string("One node, e.g. emqx@10.0.0.11.").length(1, 255)).closed().build(),
        Schema.object().build(),
        call -> emqx.currentRates(call.args().has("node") ? call.args().segment("node") : null));
  }
}
