package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.emqx.model.Required;
import io.emqx.mcp.emqx.model.SubscribeRequest;
import io.emqx.mcp.emqx.model.Subscription;
import io.emqx.mcp.emqx.model.SubscriptionQuery;
import java.util.List;

/**
 * Tools over subscriptions and routes: who is subscribed to what, and changing a client's
 * subscriptions.
 */
final class SubscriptionTools {

  private static final Toolset GROUP = Toolset.SUBSCRIPTIONS;

  /** Shown when an unsubscribe finds nothing to remove, so the agent sees what there is. */
  private static final int MAX_SHOWN = 20;

  List<ToolSpec> specs() {
    return List.of(
        listClientSubscriptions(),
        subscribeClient(),
        unsubscribeClient(),
        listSubscriptions(),
        listTopics());
  }

  private static Schema clientid() {
    return ClientTools.clientid("Exact client ID.");
  }

  private ToolSpec listClientSubscriptions() {
    return ToolSpec.builder(GROUP, "list_client_subscriptions")
        .title("List a client's subscriptions")
        .description(
            "A client's subscriptions: topic (shared: $share/<group>/<filter>), qos, nl, rap, rh. Returns {data, meta}. "
                + "To test one topic, use diagnose_client.")
        .access(Access.READ)
        .input(Paging.args(Schema.object().required("clientid", clientid())).closed())
        .output(Paging.pageOf())
        .handler(
            call -> {
              Args a = call.args();
              List<Subscription> all = call.emqx().clientSubscriptions(a.segment("clientid"));
              return Paging.slice(all, Paging.page(a), Paging.limit(a));
            })
        .build();
  }

  private ToolSpec subscribeClient() {
    Schema input =
        Schema.object()
            .required("clientid", clientid())
            .required(
                "topic", Schema.string("Filter; $share/<group>/<filter> for shared.").nonEmpty())
            .prop("qos", Schema.integer("Max QoS.").oneOf(0, 1, 2).defaultValue(0))
            .prop("nl", Schema.integer("No Local (0 for shared).").oneOf(0, 1).defaultValue(0))
            .prop("rap", Schema.integer("Retain As Published.").oneOf(0, 1).defaultValue(0))
            .prop(
                "rh",
                Schema.integer("Retain Handling: 0 always, 1 if new, 2 never.")
                    .oneOf(0, 1, 2)
                    .defaultValue(0))
            .closed();
    Schema output =
        Schema.object()
            .required("clientid", Schema.string(null))
            .required("topic", Schema.string(null));
    return ToolSpec.builder(GROUP, "subscribe_client")
        .title("Subscribe a client to a topic")
        .description(
            "Subscribe a client to a filter on its behalf. EMQX answers before the client applies it (an ACL denial "
                + "is not reported): confirm with list_client_subscriptions. Returns the subscription.")
        .access(Access.WRITE)
        .idempotent(true)
        .input(input)
        .output(output)
        .topics(ToolSpec.TopicArg.subscribe("topic"))
        .handler(
            call -> {
              Args a = call.args();
              String topic = a.string("topic");
              int nl = a.integer("nl", 0);
              if (nl == 1 && topic.startsWith("$share/")) {
                throw ToolException.invalid(
                    "'nl' (No Local) must be 0 for a shared subscription (MQTT-3.8.3-4)");
              }
              return call.emqx()
                  .subscribe(
                      a.segment("clientid"),
                      new SubscribeRequest(
                          topic, a.integer("qos", 0), nl, a.integer("rap", 0), a.integer("rh", 0)));
            })
        .build();
  }

  /**
   * The result of an unsubscribe; {@code subscriptions} lists what the client has when nothing
   * matched.
   */
  record Unsubscribed(
      String clientid,
      String topic,
      boolean unsubscribed,
      @Required String message,
      List<String> subscriptions) {}

  private ToolSpec unsubscribeClient() {
    Schema input =
        Schema.object()
            .required("clientid", clientid())
            .required("topic", Schema.string("The filter exactly as listed.").nonEmpty())
            .closed();
    return ToolSpec.builder(GROUP, "unsubscribe_client")
        .title("Unsubscribe a client from a topic")
        .description(
            "Remove a subscription from a client's session. EMQX answers alike whether it existed, so this checks "
                + "first: unsubscribed=false means there was none (its filters are listed) and nothing was sent.")
        .access(Access.DESTRUCTIVE)
        .idempotent(true)
        .input(input)
        .output(Unsubscribed.class, "unsubscribed", "message")
        .topics(ToolSpec.TopicArg.subscribe("topic"))
        .clients(args -> List.of(ToolSpec.ClientTarget.id(args.segment("clientid"))))
        .preview(
            call ->
                "Unsubscribe client '"
                    + call.args().segment("clientid")
                    + "' from '"
                    + call.args().string("topic")
                    + "': it stops receiving messages published there until it subscribes "
                    + "again.")
        .handler(
            call -> {
              Args a = call.args();
              String id = a.segment("clientid");
              String topic = a.string("topic");
              List<String> filters =
                  call.emqx().clientSubscriptions(id).stream().map(Subscription::topic).toList();
              if (!filters.contains(topic)) {
                return new Unsubscribed(
                    id,
                    topic,
                    false,
                    "Client '"
                        + id
                        + "' has no subscription '"
                        + topic
                        + "'; nothing was sent. Use one of its filters exactly as listed.",
                    filters.subList(0, Math.min(filters.size(), MAX_SHOWN)));
              }
              call.emqx().unsubscribe(id, topic);
              return new Unsubscribed(
                  id,
                  topic,
                  true,
                  "Client '" + id + "' no longer subscribes to '" + topic + "'.",
                  null);
            })
        .build();
  }

  private ToolSpec listSubscriptions() {
    Schema input =
        Paging.args(
                Schema.object()
                    .prop("clientid", clientid())
                    .prop("topic", Schema.string("Exact filter ($share/g/f too).").nonEmpty())
                    .prop(
                        "match_topic",
                        Schema.string(
                                "Filter: subscriptions inside it (a/# finds a/+; a/1 only a/1). No count.")
                            .nonEmpty())
                    .prop("qos", Schema.integer("QoS.").oneOf(0, 1, 2))
                    .prop("share_group", Schema.string("Share group.").nonEmpty())
                    .prop("node", Schema.string("Node name.").nonEmpty()))
            .closed();
    return ToolSpec.builder(GROUP, "list_subscriptions")
        .title("Search subscriptions")
        .description(
            "Search subscriptions cluster-wide: who subscribes to a filter; by client, qos, group or node. "
                + "Returns {data: [{clientid, node, topic, qos, nl, rap, rh}], meta}.")
        .access(Access.READ)
        .input(input)
        .output(Paging.pageOf())
        .handler(
            call -> {
              Args a = call.args();
              String topic = a.optTopic("topic", true);
              String match = a.optTopic("match_topic", true);
              if (match != null && Shared.of(match) != null) {
                throw ToolException.invalid(
                    "'match_topic' cannot be a shared filter; use share_group or topic");
              }
              String group = a.optString("share_group");
              Shared shared = topic == null ? null : Shared.of(topic);
              if (shared != null) {
                if (group != null && !group.equals(shared.group())) {
                  throw ToolException.invalid(
                      "'topic' "
                          + topic
                          + " is in share group '"
                          + shared.group()
                          + "' but 'share_group' is '"
                          + group
                          + "'; give the group once");
                }
                group = shared.group();
                topic = shared.filter();
              }
              Page<Subscription> page =
                  call.emqx()
                      .listSubscriptions(
                          new SubscriptionQuery(
                              Paging.page(a),
                              Paging.limit(a),
                              a.optString("clientid"),
                              topic,
                              match,
                              a.optInt("qos"),
                              group,
                              a.optString("node")));
              return topic != null && group != null ? inGroup(page, group) : page;
            })
        .build();
  }

  /**
   * A shared filter as EMQX keys its subscriptions: {@code $share/g/f} is group g and filter f,
   * {@code $queue/f} is group {@code $queue} (emqx_topic:parse/2 at v5.8.9). EMQX's /subscriptions
   * never matches {@code topic=$share/g/f} as a string; it needs share_group=g and topic=f.
   */
  record Shared(String group, String filter) {
    /**
     * Null for an unshared filter; the filter has been validated, so a $share/ one has both parts.
     */
    static Shared of(String topic) {
      if (topic.startsWith("$queue/")) {
        return new Shared("$queue", topic.substring("$queue/".length()));
      }
      if (!topic.startsWith("$share/")) {
        return null;
      }
      int slash = topic.indexOf('/', "$share/".length());
      return new Shared(topic.substring("$share/".length(), slash), topic.substring(slash + 1));
    }
  }

  /**
   * The rows of one share group. Given share_group and topic, EMQX v5.8.9 matches the topic in
   * every group (emqx_mgmt_api_subscriptions.erl update_ms/3 sets the topic after the group and
   * replaces the group by a wildcard), so other groups' rows are dropped here. Its count then
   * counts them too: it is kept only when the page holds every row (page 1, no next page).
   */
  static Page<Subscription> inGroup(Page<Subscription> page, String group) {
    List<Subscription> rows =
        page.data().stream()
            .filter(
                s ->
                    s.topic() != null
                        && Shared.of(s.topic()) != null
                        && group.equals(Shared.of(s.topic()).group()))
            .toList();
    Page.Meta m = page.meta();
    if (m == null) {
      return new Page<>(rows, null);
    }
    boolean whole = m.page() == 1 && Boolean.FALSE.equals(m.hasnext());
    return new Page<>(
        rows, new Page.Meta(m.page(), m.limit(), m.hasnext(), whole ? (long) rows.size() : null));
  }

  private ToolSpec listTopics() {
    Schema input =
        Paging.args(
                Schema.object()
                    .prop("topic", Schema.string("Exact filter.").nonEmpty())
                    .prop("node", Schema.string("Node name.").nonEmpty()))
            .closed();
    return ToolSpec.builder(GROUP, "list_topics")
        .title("List routed topics")
        .description(
            "The cluster's routes: each subscribed filter once per node, however many clients share it. Shows "
                + "whether anyone subscribes to a filter. Returns {data: [{topic, node}], meta}.")
        .access(Access.READ)
        .input(input)
        .output(Paging.pageOf())
        .handler(
            call -> {
              Args a = call.args();
              return call.emqx()
                  .listTopics(
                      a.optTopic("topic", true),
                      a.optString("node"),
                      Paging.page(a),
                      Paging.limit(a));
            })
        .build();
  }
}
