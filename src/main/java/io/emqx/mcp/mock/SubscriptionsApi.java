package io.emqx.mcp.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /subscriptions}, {@code GET /topics} and {@code GET /topics/{topic}} (EMQX v5.8.9
 * apps/emqx_management/src/emqx_mgmt_api_subscriptions.erl, emqx_mgmt_api_topics.erl).
 */
final class SubscriptionsApi {
  private final ClusterState state;

  SubscriptionsApi(ClusterState state) {
    this.state = state;
  }

  void register(Map<String, Handler> ops) {
    ops.put("subscriptions.list", this::subscriptions);
    ops.put("topics.list", this::topics);
    ops.put("topics.get", this::topic);
  }

  private Reply subscriptions(Call call) {
    Query.Paging paging = Query.paging(call);
    String qos = Query.oneOf(call, "qos", Set.of("0", "1", "2"));
    Boolean durable = Query.bool(call, "durable");
    String matchTopic = call.query("match_topic");
    if (matchTopic != null && (Topics.isShared(matchTopic) || !Topics.isValidFilter(matchTopic))) {
      throw ApiError.invalidParameter("match_topic_invalid");
    }
    String node = call.query("node");
    ClientsApi.checkNode(node);
    String clientid = call.query("clientid");
    String topic = call.query("topic");
    String group = call.query("share_group");

    List<Predicate<Subscription>> all = new ArrayList<>();
    if (node != null) {
      all.add(s -> s.node().equals(node));
    }
    if (clientid != null) {
      all.add(s -> s.clientid().equals(clientid));
    }
    all.add(topicAndGroup(topic, group));
    if (qos != null) {
      all.add(s -> s.qos() == Integer.parseInt(qos));
    }
    if (Boolean.TRUE.equals(durable)) {
      all.add(s -> false); // the fake has no durable (session persistence) subscriptions
    }
    if (matchTopic != null) {
      // emqx_topic:match(SubscribedFilter, match_topic): the subscribed filter is read as a name
      // whose + and # are plain words, so t/+ matches t/#.
      all.add(s -> Topics.matches(Topics.stripShare(s.topic()), matchTopic));
    }
    Predicate<Subscription> filter = all.stream().reduce(x -> true, Predicate::and);
    return state.locked(
        s -> {
          List<Subscription> rows = s.subscriptions().stream().filter(filter).toList();
          return Reply.ok(Pages.of(rows, paging, sub -> sub.toJson(true), matchTopic == null));
        });
  }

  /**
   * {@code topic} and {@code share_group} as EMQX v5.8.9 matches them
   * (emqx_mgmt_api_subscriptions.erl, gen_match_spec/2 and update_ms/3). A subscription is keyed by
   * its filter, or by {@code #share{group, topic}} when shared ({@code $queue/t} is group {@code
   * $queue}). The query keys are applied in sorted order (a map of binaries), so share_group comes
   * before topic:
   *
   * <ul>
   *   <li>topic alone: unshared subscriptions to exactly that filter; {@code topic=$share/g/t}
   *       finds nothing, since no key is that string;
   *   <li>share_group alone: the group's shared subscriptions, whatever their filter;
   *   <li>both: shared subscriptions to the filter in <em>any</em> group, as update_ms/3 replaces
   *       the group by a wildcard when it sets the topic.
   * </ul>
   */
  private static Predicate<Subscription> topicAndGroup(String topic, String group) {
    if (topic != null && group != null) {
      return s -> Topics.isShared(s.topic()) && topic.equals(Topics.stripShare(s.topic()));
    }
    if (group != null) {
      return s -> group.equals(Topics.groupOf(s.topic()));
    }
    if (topic != null) {
      return s -> !Topics.isShared(s.topic()) && s.topic().equals(topic);
    }
    return s -> true;
  }

  /**
   * Routes, not subscriptions. An unknown {@code node} gives an empty page, not NODE_DOWN: routes
   * live in a cluster-wide table, so no RPC is made [derived].
   */
  private Reply topics(Call call) {
    Query.Paging paging = Query.paging(call);
    String topic = call.query("topic");
    if (topic != null && !Topics.isValidFilter(topic)) {
      // The typo is EMQX's own (apps/emqx_management/src/emqx_mgmt_api_topics.erl at v5.8.9).
      throw ApiError.of(400, "INVALID_PARAMTER", "topic_filter_invalid");
    }
    String node = call.query("node");
    Predicate<ClusterState.Route> match = routeMatch(topic, node);
    return state.locked(
        s -> {
          List<ClusterState.Route> rows = s.routes().stream().filter(match).toList();
          return Reply.ok(Pages.of(rows, paging, ClusterState.Route::toJson, true));
        });
  }

  /**
   * The match pattern of emqx_mgmt_api_topics.erl qs2ms/1 at v5.8.9, a {@code {Topic, Dest}} route
   * pattern built from node then topic (sorted keys): node=N makes the destination the bare node,
   * which a shared route's {@code {Group, Node}} is not, so node= leaves shared routes out; a
   * {@code $share/g/t} topic makes it {@code {g, N or any}}; a plain topic without node matches
   * every destination, shared routes of that filter included.
   */
  private static Predicate<ClusterState.Route> routeMatch(String topic, String node) {
    if (topic != null && Topics.isShared(topic)) {
      String real = Topics.stripShare(topic);
      String group = Topics.groupOf(topic);
      return r ->
          real.equals(r.topic())
              && group.equals(r.group())
              && (node == null || node.equals(r.node()));
    }
    if (node != null) {
      return r ->
          r.group() == null && node.equals(r.node()) && (topic == null || topic.equals(r.topic()));
    }
    return r -> topic == null || topic.equals(r.topic());
  }

  /** emqx_router:lookup_routes/1: every route of the filter, shared ones included. */
  private Reply topic(Call call) {
    String topic = call.path("topic");
    return state.locked(
        s -> {
          var out = Json.array();
          s.routes().stream()
              .filter(r -> r.topic().equals(topic))
              .forEach(r -> out.add(r.toJson()));
          if (out.isEmpty()) {
            throw ApiError.of(404, "TOPIC_NOT_FOUND", "Topic not found");
          }
          return Reply.ok(out);
        });
  }
}
