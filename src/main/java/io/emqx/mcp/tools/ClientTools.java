package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.model.ClientQuery;
import io.emqx.mcp.emqx.model.Required;
import java.util.List;
import java.util.Map;

/** Tools over EMQX's {@code /clients} endpoints: find, inspect and disconnect MQTT clients. */
final class ClientTools {

  /** The most clients one call returns: 100 compact records stay within an LLM's budget. */
  static final int MAX_LIMIT = Paging.MAX_LIMIT;

  static final int DEFAULT_LIMIT = Paging.DEFAULT_LIMIT;
  private static final Toolset GROUP = Toolset.CLIENTS;

  List<ToolSpec> specs() {
    return List.of(listClients(), getClient(), kickClient(), kickClients());
  }

  static Schema clientid(String what) {
    return Schema.string(what).length(1, 65535);
  }

  private ToolSpec listClients() {
    Schema input =
        Schema.object()
            .prop("page", Schema.integer("From 1.").range(1, Paging.MAX_PAGE).defaultValue(1))
            .prop(
                "limit",
                Schema.integer("Per page.").range(1, MAX_LIMIT).defaultValue(DEFAULT_LIMIT))
            .prop("node", Schema.string("Node, e.g. emqx@10.0.0.11.").length(1, 255))
            .prop("username", Schema.string("Exact username.").length(1, 65535))
            .prop("clientid", clientid("Exact client ID."))
            .prop("ip_address", Schema.string("IP, no port.").length(2, 45))
            // EMQX's enum: connected, idle (socket open, CONNECT not yet done), disconnected
            // (emqx_mgmt_api_clients.erl at v5.8.9, the conn_state query parameter).
            .prop("conn_state", Schema.string("State.").oneOf("connected", "idle", "disconnected"))
            .prop("clean_start", Schema.bool("Clean-start flag."))
            .prop("proto_ver", Schema.integer("3, 4 (3.1.1) or 5.").oneOf(3, 4, 5))
            .prop("like_clientid", Schema.string("Client ID substring.").length(1, 65535))
            .prop("like_username", Schema.string("Username substring.").length(1, 65535))
            .closed();
    // The fields are named in the description; the schema gives the outline.
    return ToolSpec.builder(GROUP, "list_clients")
        .title("List MQTT clients")
        .description(
            "Find MQTT clients (connected, or with a session) by ID, username, node, IP, protocol or state. "
                + "Columns: clientid, username, node, connected, ip_address, proto_ver, connected_at, disconnected_at, "
                + "subscriptions_cnt, mqueue_len. Page while meta.hasnext; no meta.count with like_*. get_client has "
                + "the full record.")
        .access(Access.READ)
        .input(input)
        .output(Paging.pageOf())
        .handler(
            call -> {
              Args a = call.args();
              String ip = a.optString("ip_address");
              if (ip != null && !IpLiteral.isValid(ip)) {
                throw ToolException.invalid(
                    "'ip_address' must be an IPv4 or IPv6 address without a port, got '"
                        + ip
                        + "'");
              }
              return call.emqx()
                  .listClients(
                      new ClientQuery(
                          a.integer("page", 1),
                          a.integer("limit", DEFAULT_LIMIT),
                          a.optString("node"),
                          a.optString("username"),
                          a.optString("clientid"),
                          ip,
                          a.optString("conn_state"),
                          a.optBool("clean_start"),
                          a.optInt("proto_ver"),
                          a.optString("like_clientid"),
                          a.optString("like_username")));
            })
        .build();
  }

  private ToolSpec getClient() {
    return ToolSpec.builder(GROUP, "get_client")
        .title("Get an MQTT client")
        .description(
            "One MQTT client's full EMQX record by exact ID: connection (ip_address, listener, keepalive, "
                + "proto_ver, connected_at/disconnected_at), session (expiry_interval s, subscriptions_cnt, "
                + "inflight, mqueue_len/max/dropped) and traffic counters. CLIENT_NOT_FOUND: no connection or session.")
        .access(Access.READ)
        .input(
            Schema.object()
                .required("clientid", clientid("Exact client ID, e.g. sensor-42."))
                .closed())
        .output(
            Schema.object()
                .required("clientid", Schema.string(null))
                .prop("connected", Schema.bool(null))
                .prop("node", Schema.string(null))
                .prop("username", Schema.string(null).nullable())
                .open())
        .handler(call -> call.emqx().getClient(call.args().segment("clientid")))
        .build();
  }

  /** The result of a kick. */
  record Kicked(@Required String clientid, boolean disconnected, @Required String message) {}

  private ToolSpec kickClient() {
    return ToolSpec.builder(GROUP, "kick_mqtt_client")
        .title("Disconnect an MQTT client")
        .description(
            "Disconnect an MQTT client and discard its session (its queue and subscriptions are lost). It may "
                + "reconnect at once; to keep it out, ban it. Returns {clientid, disconnected: true, message}.")
        .access(Access.DESTRUCTIVE)
        .idempotent(true)
        .input(
            Schema.object()
                .required("clientid", clientid("Exact client ID to disconnect."))
                .closed())
        .output(Kicked.class)
        .clients(args -> List.of(ToolSpec.ClientTarget.id(args.segment("clientid"))))
        .preview(call -> describeKick(call.emqx().getClient(call.args().segment("clientid"))))
        .handler(
            call -> {
              String id = call.args().segment("clientid");
              call.emqx().kickClient(id);
              return new Kicked(
                  id, true, "Client '" + id + "' was disconnected and its session discarded.");
            })
        .build();
  }

  /** "Disconnect client X, connected from 10.0.0.5 since …", from the client's current record. */
  static String describeKick(Map<String, Object> c) {
    String id = String.valueOf(c.get("clientid"));
    String session =
        "its session ("
            + c.getOrDefault("subscriptions_cnt", 0)
            + " subscription(s), "
            + c.getOrDefault("mqueue_len", 0)
            + " queued message(s)) is discarded";
    if (Boolean.TRUE.equals(c.get("connected"))) {
      return "Disconnect client '"
          + id
          + "' (user "
          + c.get("username")
          + ") connected from "
          + c.get("ip_address")
          + " to "
          + c.get("node")
          + " since "
          + c.get("connected_at")
          + "; "
          + session
          + ".";
    }
    return "Discard the session of client '"
        + id
        + "', disconnected since "
        + c.get("disconnected_at")
        + "; "
        + session
        + ".";
  }

  /**
   * The most IDs one bulk kick takes: one confirmation should show the user every client it
   * disconnects.
   */
  static final int MAX_KICK = 100;

  /** The result of a bulk kick. */
  record KickedMany(List<String> clientids, int requested, String message) {}

  private ToolSpec kickClients() {
    Schema input =
        Schema.object()
            .required(
                "clientids",
                Schema.array(clientid(null), "Exact client IDs, no repeats.").items(1, MAX_KICK))
            .closed();
    return ToolSpec.builder(GROUP, "kick_clients")
        // /clients/kickout/bulk: emqx_mgmt_api_clients.erl from v5.1.0.
        .requires("5.1")
        .title("Disconnect several MQTT clients")
        .description(
            "Disconnect up to "
                + MAX_KICK
                + " clients in one EMQX call and discard their sessions; one confirmation "
                + "covers the batch. EMQX does not say which IDs were connected. Returns {clientids, requested}.")
        .access(Access.DESTRUCTIVE)
        .idempotent(true)
        .input(input)
        .output(KickedMany.class, "requested")
        .clients(args -> clientids(args).stream().map(ToolSpec.ClientTarget::id).toList())
        .preview(
            call -> {
              List<String> ids = clientids(call.args());
              return "Disconnect "
                  + ids.size()
                  + " client(s) and discard their sessions (queues and subscriptions): "
                  + String.join(", ", ids.stream().map(id -> "'" + id + "'").toList())
                  + ".";
            })
        .handler(
            call -> {
              List<String> ids = clientids(call.args());
              call.emqx().admin().kickClients(ids);
              return new KickedMany(
                  ids,
                  ids.size(),
                  "EMQX disconnected those of the "
                      + ids.size()
                      + " client(s) it "
                      + "found connected or with a session, and discarded their sessions.");
            })
        .build();
  }

  /** The IDs of a bulk kick, each checked as a path segment would be, repeats refused. */
  static List<String> clientids(Args args) {
    Object raw = args.values().get("clientids");
    List<String> ids =
        raw instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    if (ids.isEmpty()) {
      throw ToolException.invalid("'clientids' is required: at least one client ID");
    }
    if (new java.util.HashSet<>(ids).size() != ids.size()) {
      throw ToolException.invalid("'clientids' lists an ID more than once");
    }
    ids.forEach(id -> Args.segment("clientids", id));
    return ids;
  }
}
