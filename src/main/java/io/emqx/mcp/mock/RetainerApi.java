package io.emqx.mcp.mock;

import java.util.List;
import java.util.Map;

/**
 * {@code /mqtt/retainer/messages} and {@code /mqtt/retainer/message/{topic}}
 * (apps/emqx_retainer/src/emqx_retainer_api.erl at v5.8.9).
 */
final class RetainerApi {
  private final ClusterState state;

  RetainerApi(ClusterState state) {
    this.state = state;
  }

  void register(Map<String, Handler> ops) {
    ops.put("retainer.list", this::list);
    ops.put("retainer.clear", this::clear);
    ops.put("retainer.get", this::get);
    ops.put("retainer.delete", this::delete);
  }

  private static ApiError notFound() {
    return ApiError.of(404, "NOT_FOUND", "Viewed message doesn't exist");
  }

  /** No payload in the list. {@code topic} is a filter (wildcards allowed) and suppresses count. */
  private Reply list(Call call) {
    Query.Paging paging = Query.paging(call);
    String topic = call.query("topic");
    return state.locked(
        s -> {
          List<RetainedMessage> rows =
              topic == null
                  ? List.copyOf(s.retained())
                  : s.retained().stream().filter(m -> Topics.matches(m.topic(), topic)).toList();
          return Reply.ok(Pages.of(rows, paging, m -> m.toJson(false), topic == null));
        });
  }

  private Reply clear(Call call) {
    return state.locked(
        s -> {
          s.retained().clear();
          return Reply.noContent();
        });
  }

  /**
   * The path topic may be a filter: the first matching message is the answer
   * (apps/emqx_retainer/src/emqx_retainer_api.erl at v5.8.9).
   */
  private Reply get(Call call) {
    String topic = call.path("topic");
    return state.locked(s -> Reply.ok(find(s, topic).toJson(true)));
  }

  /**
   * 404 when nothing matches; otherwise every match goes: emqx_retainer_api.erl with_topic/2 checks
   * with page_read(Topic, 1, 1), then emqx_retainer_mnesia.erl delete_message/2 deletes the one
   * topic, or, for a filter with wildcards, every message it matches (v5.8.9).
   */
  private Reply delete(Call call) {
    String topic = call.path("topic");
    return state.locked(
        s -> {
          find(s, topic);
          s.retained().removeIf(m -> m.topic().equals(topic) || Topics.matches(m.topic(), topic));
          return Reply.noContent();
        });
  }

  private static RetainedMessage find(ClusterState s, String topic) {
    return s.retained().stream()
        .filter(m -> m.topic().equals(topic) || Topics.matches(m.topic(), topic))
        .findFirst()
        .orElseThrow(RetainerApi::notFound);
  }
}
