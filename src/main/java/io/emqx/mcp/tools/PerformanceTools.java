package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
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

  private static final Toolset GROUP = Toolset.OBSERVABILITY;

  List<ToolSpec> specs() {
    return List.of(
        listSlowSubscriptions(),
        getTopicMetrics(),
        trackTopicMetrics(),
        untrackTopicMetrics(),
        getClusterRates());
  }

  /** A page of slow subscriptions, with whether EMQX records them and from what latency. */
  record SlowPage(
      List<Map<String, Object>> data, Page.Meta meta, Boolean enabled, String threshold) {}

  private ToolSpec listSlowSubscriptions() {
    return ToolSpec.builder(GROUP, "list_slow_subscriptions")
        .title("List slow subscriptions")
        .description(
            "Subscriptions whose messages took longest to deliver, slowest first: clientid, topic, node, timespan "
                + "(ms), last_update_time; with enabled and threshold. Empty when disabled.")
        .access(Access.READ)
        .input(Paging.args(Schema.object()).closed())
        .output(Paging.pageOf())
        .handler(
            call -> {
              CompletableFuture<Parallel.Outcome<Map<String, Object>>> settings =
                  Parallel.attempt(call.emqx().admin()::slowSubscriptionSettings);
              List<Map<String, Object>> all = call.emqx().admin().slowSubscriptions();
              Page<Map<String, Object>> page =
                  Paging.slice(all, Paging.page(call.args()), Paging.limit(call.args()));
              Parallel.Outcome<Map<String, Object>> s = Parallel.join(settings);
              Map<String, Object> set = s.ok() ? s.value() : Map.of();
              return new SlowPage(
                  page.data(),
                  page.meta(),
                  (Boolean) set.get("enable"),
                  (String) set.get("threshold"));
            })
        .build();
  }

  /** A tracked topic in a list: its main counters and rates. */
  record TopicRow(
      String topic,
      Object in,
      Object out,
      Object dropped,
      Object inRate,
      Object outRate,
      Object droppedRate,
      String createTime) {
    static TopicRow of(Map<String, Object> t) {
      Map<?, ?> m = (Map<?, ?>) t.get("metrics");
      return new TopicRow(
          (String) t.get("topic"),
          m.get("messages.in.count"),
          m.get("messages.out.count"),
          m.get("messages.dropped.count"),
          m.get("messages.in.rate"),
          m.get("messages.out.rate"),
          m.get("messages.dropped.rate"),
          (String) t.get("create_time"));
    }
  }

  private static Schema topic(String what) {
    return Schema.string(what).length(1, 65535);
  }

  private ToolSpec getTopicMetrics() {
    Schema input =
        Paging.args(Schema.object().prop("topic", topic("One tracked topic; omit to list all.")))
            .closed();
    return ToolSpec.builder(GROUP, "get_topic_metrics")
        .title("Get topic metrics")
        .description(
            "Message counters of topics tracked with track_topic_metrics: one topic in full (metrics messages.*.count "
                + "and .rate per QoS), or all as {data: [{topic, in, out, dropped, rates}], meta}.")
        .access(Access.READ)
        .input(input)
        .output(Schema.object())
        .topics(ToolSpec.TopicArg.read("topic"))
        .handler(
            call -> {
              Args a = call.args();
              if (a.has("topic")) {
                return call.emqx()
                    .admin()
                    .topicMetrics(Args.validTopic("topic", a.segment("topic"), false));
              }
              return Paging.slice(
                  call.emqx().admin().listTopicMetrics().stream().map(TopicRow::of).toList(),
                  Paging.page(a),
                  Paging.limit(a));
            })
        .build();
  }

  private ToolSpec trackTopicMetrics() {
    return ToolSpec.builder(GROUP, "track_topic_metrics")
        .title("Track a topic's metrics")
        .description(
            "Start counting messages in, out and dropped on one topic name (no wildcards; EMQX tracks up to 512). "
                + "get_topic_metrics reads them.")
        .access(Access.WRITE)
        .idempotent(false)
        .input(
            Schema.object()
                .required("topic", topic("Topic name, e.g. devices/42/telemetry."))
                .closed())
        .output(TopicRow.class, "topic")
        .topics(ToolSpec.TopicArg.read("topic"))
        .handler(
            call ->
                TopicRow.of(
                    call.emqx()
                        .admin()
                        .trackTopicMetrics(
                            Args.validTopic("topic", call.args().string("topic"), false))))
        .build();
  }

  /** The result of an untrack. */
  record Untracked(String topic, boolean untracked, String message) {}

  private ToolSpec untrackTopicMetrics() {
    return ToolSpec.builder(GROUP, "untrack_topic_metrics")
        .title("Stop tracking a topic")
        .description(
            "Stop counting a tracked topic; its counters are dropped. NOT_FOUND if it was not tracked.")
        .access(Access.WRITE)
        .idempotent(true)
        .input(Schema.object().required("topic", topic("A tracked topic.")).closed())
        .output(Untracked.class, "untracked")
        .handler(
            call -> {
              String topic = Args.validTopic("topic", call.args().segment("topic"), false);
              call.emqx().admin().untrackTopicMetrics(topic);
              return new Untracked(topic, true, "Topic '" + topic + "' is no longer tracked.");
            })
        .build();
  }

  private ToolSpec getClusterRates() {
    return ToolSpec.builder(GROUP, "get_cluster_rates")
        .title("Get current rates")
        .description(
            "Current per-second rates (received_msg_rate, sent_msg_rate, dropped_msg_rate, …) and gauges "
                + "(connections, live_connections, subscriptions, topics, retained_msg_count), cluster or one node.")
        .access(Access.READ)
        .input(
            Schema.object()
                .prop("node", Schema.string("One node, e.g. emqx@10.0.0.11.").length(1, 255))
                .closed())
        .output(Schema.object())
        .handler(
            call ->
                call.emqx()
                    .admin()
                    .currentRates(call.args().has("node") ? call.args().segment("node") : null))
        .build();
  }
}
