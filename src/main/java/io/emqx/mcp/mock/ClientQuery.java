package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The filters of {@code GET /clients} (apps/emqx_management/src/emqx_mgmt_api_clients.erl at
 * v5.8.9), checked in EMQX's order: the schema step first (400 BAD_REQUEST), then the handler's
 * node and type checks. All filters are ANDed; repeated {@code clientid}/{@code username} values
 * are ORed.
 *
 * @param filter null when no filter is given, so the store can page without scanning
 * @param countable false with an effective {@code like_*} filter: EMQX then leaves out meta.count
 * @param fields null for all fields
 */
record ClientQuery(Predicate<ClientFacts> filter, boolean countable, Set<String> fields) {
  private static final Set<String> CONN_STATES = Set.of("connected", "idle", "disconnected");

  /**
   * Every key a client record can have; {@code fields} accepts only these (plus client_attrs,
   * 5.7+).
   */
  private static final Set<String> CLIENT_FIELDS =
      Set.of(
          "awaiting_rel_cnt",
          "awaiting_rel_max",
          "clean_start",
          "clientid",
          "connected",
          "connected_at",
          "created_at",
          "disconnected_at",
          "durable",
          "enable_authn",
          "expiry_interval",
          "heap_size",
          "inflight_cnt",
          "inflight_max",
          "ip_address",
          "is_bridge",
          "is_expired",
          "is_persistent",
          "keepalive",
          "listener",
          "mailbox_len",
          "mountpoint",
          "mqueue_dropped",
          "mqueue_len",
          "mqueue_max",
          "node",
          "peerport",
          "port",
          "proto_name",
          "proto_ver",
          "recv_cnt",
          "recv_msg",
          "recv_msg.dropped",
          "recv_msg.dropped.await_pubrel_timeout",
          "recv_msg.qos0",
          "recv_msg.qos1",
          "recv_msg.qos2",
          "recv_oct",
          "recv_pkt",
          "reductions",
          "send_cnt",
          "send_msg",
          "send_msg.dropped",
          "send_msg.dropped.expired",
          "send_msg.dropped.queue_full",
          "send_msg.dropped.too_large",
          "send_msg.qos0",
          "send_msg.qos1",
          "send_msg.qos2",
          "send_oct",
          "send_pkt",
          "subscriptions_cnt",
          "subscriptions_max",
          "username",
          "client_attrs");

  static ClientQuery parse(Call call) {
    // Schema step: enum, boolean, time and fields parameters.
    String connState = Query.oneOf(call, "conn_state", CONN_STATES);
    Boolean cleanStart = Query.bool(call, "clean_start");
    Long gteCreated = time(call, "gte_created_at");
    Long lteCreated = time(call, "lte_created_at");
    Long gteConnected = time(call, "gte_connected_at");
    Long lteConnected = time(call, "lte_connected_at");
    Set<String> fields = fields(call.query("fields"));

    // Handler step. With node=..., EMQX's node-scoped path has no try/catch around the type checks,
    // so a bad ip_address or proto_ver becomes a crash (500) instead of INVALID_PARAMETER.
    String node = call.query("node");
    ClientsApi.checkNode(node);
    String ip = call.query("ip_address");
    Integer protoVer;
    try {
      if (ip != null && !Query.isIp(ip)) {
        throw Query.wrongType("ip_address", "ip", ip);
      }
      protoVer = Query.integer(call, "proto_ver");
    } catch (ApiError e) {
      if (node != null) {
        throw ApiError.of(500, "INTERNAL_ERROR", "error, {badarg,<<\"" + ip + "\">>}, []");
      }
      throw e;
    }

    List<String> clientids = call.queryAll("clientid");
    List<String> usernames = call.queryAll("username");
    // like_* is ignored when the exact key is given
    // (apps/emqx_management/src/emqx_mgmt_api_clients.erl at v5.8.9).
    String likeClientid = clientids.isEmpty() ? call.query("like_clientid") : null;
    String likeUsername = usernames.isEmpty() ? call.query("like_username") : null;

    List<Predicate<ClientFacts>> all = new ArrayList<>();
    if (node != null) {
      all.add(f -> f.node().equals(node));
    }
    if (!clientids.isEmpty()) {
      all.add(f -> clientids.contains(f.clientid()));
    }
    if (!usernames.isEmpty()) {
      all.add(f -> f.username() != null && usernames.contains(f.username()));
    }
    if (ip != null) {
      all.add(f -> ip.equals(f.ipAddress()));
    }
    if (connState != null) {
      all.add(f -> f.connState().equals(connState));
    }
    if (cleanStart != null) {
      all.add(f -> f.cleanStart() == cleanStart);
    }
    if (protoVer != null) {
      all.add(f -> f.protoVer() == protoVer);
    }
    if (likeClientid != null) {
      all.add(f -> f.clientid().contains(likeClientid));
    }
    if (likeUsername != null) {
      all.add(f -> f.username() != null && f.username().contains(likeUsername));
    }
    addRange(all, gteCreated, lteCreated, true);
    addRange(all, gteConnected, lteConnected, false);
    Predicate<ClientFacts> filter = all.stream().reduce(Predicate::and).orElse(null);
    return new ClientQuery(filter, likeClientid == null && likeUsername == null, fields);
  }

  private static void addRange(
      List<Predicate<ClientFacts>> all, Long gte, Long lte, boolean created) {
    if (gte != null) {
      all.add(f -> (created ? f.createdAtMs() : f.connectedAtMs()) >= gte);
    }
    if (lte != null) {
      all.add(f -> (created ? f.createdAtMs() : f.connectedAtMs()) <= lte);
    }
  }

  /** Epoch milliseconds or RFC 3339; anything else is a schema error. */
  private static Long time(Call call, String name) {
    String raw = call.query(name);
    if (raw == null) {
      return null;
    }
    if (raw.matches("\\d{1,15}")) {
      return Long.parseLong(raw);
    }
    Long t = Times.parse(raw);
    if (t == null) {
      throw ApiError.validation(name, "bad_rfc3339_timestamp", raw);
    }
    return t;
  }

  /** {@code all} or a comma list of client field names; {@code all} cannot be mixed with names. */
  private static Set<String> fields(String raw) {
    if (raw == null || raw.equals("all")) {
      return null;
    }
    var names = new LinkedHashSet<>(Arrays.asList(raw.split(",", -1)));
    for (String n : names) {
      if (!CLIENT_FIELDS.contains(n)) {
        var err = Json.object().put("kind", "validation_error").put("path", "fields");
        err.put("reason", "matched_no_union_member");
        var mismatches = err.putObject("mismatches");
        mismatches
            .putObject("all")
            .put("kind", "validation_error")
            .put("path", "fields")
            .put("value", raw)
            .putObject("reason")
            .put("expected", "all");
        mismatches
            .putObject("array")
            .put("kind", "validation_error")
            .put("path", "fields.1")
            .put("reason", "unable_to_convert_to_enum_symbol")
            .put("value", n);
        throw ApiError.of(400, "BAD_REQUEST", Json.write(err));
      }
    }
    return names;
  }

  /** The client record cut down to the requested fields. */
  ObjectNode project(ObjectNode client) {
    if (fields == null) {
      return client;
    }
    ObjectNode out = Json.object();
    fields.stream().filter(client::has).forEach(f -> out.set(f, client.get(f)));
    return out;
  }
}
