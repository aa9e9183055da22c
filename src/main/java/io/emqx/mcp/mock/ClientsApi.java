package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code /clients} and {@code /clients/{clientid}...}
 * (apps/emqx_management/src/emqx_mgmt_api_clients.erl at v5.8.9).
 */
final class ClientsApi {
  static final Set<String> RUNNING_NODES = Set.of("emqx@10.0.0.11", "emqx@10.0.0.12");
  static final String STOPPED_NODE = "emqx@10.0.0.13";
  private static final Set<String> SUBSCRIBE_FIELDS = Set.of("topic", "qos", "nl", "rap", "rh");

  private final ClusterState state;

  ClientsApi(ClusterState state) {
    this.state = state;
  }

  void register(Map<String, Handler> ops) {
    ops.put("clients.list", this::list);
    ops.put("clients.get", this::get);
    ops.put("clients.kick", this::kick);
    ops.put("clients.subscriptions", this::subscriptions);
    ops.put("clients.subscribe", this::subscribe);
    ops.put("clients.unsubscribe", this::unsubscribe);
    ops.put("clients.kickoutBulk", this::kickoutBulk);
  }

  static ApiError clientNotFound() {
    return ApiError.of(404, "CLIENTID_NOT_FOUND", "Client ID not found");
  }

  /**
   * The node filter of the list endpoints. A node that is not running is an RPC failure, 500
   * NODE_DOWN, not a 404 (apps/emqx_management/src/emqx_mgmt_api_clients.erl at v5.8.9). The
   * stopped cluster member fails with {@code nodedown}; a name that is not even an atom fails as an
   * invalid node.
   */
  static void checkNode(String node) {
    if (node == null || RUNNING_NODES.contains(node)) {
      return;
    }
    String message =
        STOPPED_NODE.equals(node)
            ? "bad rpc call " + node + ", Reason nodedown"
            : "bad rpc call <<\"" + node + "\">>, Reason <<\"invalid node\">>";
    throw ApiError.of(500, "NODE_DOWN", message);
  }

  private Reply list(Call call) {
    Query.Paging paging = Query.paging(call);
    ClientQuery q = ClientQuery.parse(call);
    return state.locked(
        s -> {
          ClientStore store = s.clients();
          var data = Json.array();
          Long count;
          boolean hasnext;
          if (q.filter() == null) {
            store
                .slice(paging.offset(), paging.limit())
                .forEach(f -> data.add(q.project(s.clientView(store.render(f)))));
            count = store.size();
            hasnext = paging.offset() + paging.limit() < count;
          } else {
            List<ClientFacts> rows = new ArrayList<>();
            long matched = scan(store.all(), q.filter(), paging, rows, q.countable());
            rows.forEach(f -> data.add(q.project(s.clientView(store.render(f)))));
            count = q.countable() ? matched : null;
            hasnext = matched > paging.offset() + paging.limit();
          }
          return Reply.ok(Pages.page(data, Pages.meta(paging, count, hasnext)));
        });
  }

  /**
   * Walks the clients once: keeps the page's rows and counts the matches. Without a count (fuzzy
   * filters) it stops one past the page, enough to know whether there is a next page.
   */
  private static long scan(
      Iterable<ClientFacts> all,
      Predicate<ClientFacts> filter,
      Query.Paging p,
      List<ClientFacts> rows,
      boolean count) {
    long matched = 0;
    long end = p.offset() + p.limit();
    for (Iterator<ClientFacts> it = all.iterator(); it.hasNext(); ) {
      ClientFacts f = it.next();
      if (!filter.test(f)) {
        continue;
      }
      if (matched >= p.offset() && matched < end) {
        rows.add(f);
      }
      matched++;
      if (!count && matched > end) {
        break;
      }
    }
    return matched;
  }

  private Reply get(Call call) {
    String id = call.path("clientid");
    return state.locked(
        s -> {
          ObjectNode c = s.clients().find(id);
          if (c == null) {
            throw clientNotFound();
          }
          return Reply.ok(s.clientView(c));
        });
  }

  private Reply kick(Call call) {
    String id = call.path("clientid");
    return state.locked(
        s -> {
          if (!s.kick(id)) {
            throw clientNotFound();
          }
          return Reply.noContent();
        });
  }

  private Reply subscriptions(Call call) {
    String id = call.path("clientid");
    return state.locked(
        s -> {
          if (s.clients().find(id) == null) {
            throw clientNotFound();
          }
          var out = Json.array();
          s.subscriptionsOf(id).forEach(sub -> out.add(sub.toJson(true)));
          return Reply.ok(out);
        });
  }

  /**
   * 200 with the echo, even for a filter the channel will later refuse: the subscribe is
   * asynchronous.
   */
  private Reply subscribe(Call call) {
    String id = call.path("clientid");
    JsonNode body = call.body();
    Schema.requireObject(body, "root");
    var schema = new Schema();
    schema.noUnknownFields(body, "root", SUBSCRIBE_FIELDS);
    String topic = schema.string(body, "topic", "root.topic", true);
    int qos = schema.qos(body, "root.qos");
    int nl = schema.integer(body, "nl", "root.nl");
    int rap = schema.integer(body, "rap", "root.rap");
    int rh = schema.integer(body, "rh", "root.rh");
    schema.done();
    return state.locked(
        s -> {
          ObjectNode c = s.clients().find(id);
          if (c == null) {
            throw clientNotFound();
          }
          if (Topics.isShared(topic) && Topics.stripShare(topic) == null) {
            throw ApiError.of(500, "UNKNOWN_ERROR", "{invalid_topic_filter,<<\"" + topic + "\">>}");
          }
          if (Topics.isShared(topic) && nl == 1) {
            throw ApiError.invalidParameter(
                "Invalid Subscribe options: `no_local` not allowed for shared-sub. See [MQTT-3.8.3-4]");
          }
          var sub = new Subscription(id, c.get("node").asText(), topic, qos, nl, rap, rh);
          s.subscribe(sub);
          return Reply.ok(sub.toJson(false));
        });
  }

  /** 204 even when the client was not subscribed; a missing topic crashes the handler in EMQX. */
  private Reply unsubscribe(Call call) {
    String id = call.path("clientid");
    JsonNode body = call.body();
    Schema.requireObject(body, "root");
    var schema = new Schema();
    schema.noUnknownFields(body, "root", Set.of("topic"));
    schema.done();
    return state.locked(
        s -> {
          if (s.clients().find(id) == null) {
            throw clientNotFound();
          }
          String topic = Json.text(body, "topic");
          if (topic == null) {
            throw ApiError.of(
                500,
                "INTERNAL_ERROR",
                "error, {badkey,<<\"topic\">>}, [{emqx_mgmt_api_clients,unsubscribe,1}]");
          }
          s.unsubscribe(id, topic);
          return Reply.noContent();
        });
  }

  /**
   * {@code POST /clients/kickout/bulk} (emqx_mgmt_api_clients.erl kickout_clients/2 at v5.8.9): the
   * body is a JSON array of client IDs, checked by the schema (hoconsc:array(binary())); every ID
   * is kicked where found and 204 answers whatever was found.
   */
  private Reply kickoutBulk(Call call) {
    JsonNode body = call.body();
    if (!body.isArray()) {
      throw ApiError.validation("root", java.util.Map.of("expected", "array"), null);
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode id : body) {
      if (!id.isTextual()) {
        throw ApiError.validation("root", java.util.Map.of("expected", "binary()"), id);
      }
      ids.add(id.asText());
    }
    return state.locked(
        s -> {
          ids.forEach(s::kick);
          return Reply.noContent();
        });
  }
}
