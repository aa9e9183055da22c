package io.emqx.mcp.tools;

import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.emqx.model.ClientQuery;
import java.util.List;
import java.util.Map;

/** Tools over EMQX's {@code /clients} endpoints: find, inspect and disconnect MQTT clients. */
final class ClientTools {

  /** The most clients one call returns: 100 compact records stay within an LLM's budget. */
  static final int MAX_LIMIT = Paging.MAX_LIMIT;
  static final int DEFAULT_LIMIT = Paging.DEFAULT_LIMIT;
  private static final String GROUP = "clients";

  private final EmqxClient emqx;

  ClientTools(EmqxClient emqx) {
    this.emqx = emqx;
  }

  List<ToolSpec> specs() {
    return List.of(listClients(), getClient(), kickClient());
  }

  static Schema clientid(String what) {
    return Schema.string(what).length(1, 65535);
  }

  private ToolSpec listClients() {
    Schema input = Schema.object()
        .prop("page", Schema.integer("Page number, from 1.").range(1, 1_000_000).defaultValue(1))
        .prop("limit", Schema.integer("Clients per page (at most " + MAX_LIMIT + ").")
            .range(1, MAX_LIMIT).defaultValue(DEFAULT_LIMIT))
        .prop("node", Schema.string("Only clients on this EMQX node, e.g. emqx@10.0.0.11.").length(1, 255))
        .prop("username", Schema.string("Exact username.").length(1, 65535))
        .prop("clientid", clientid("Exact client ID."))
        .prop("ip_address", Schema.string("Client IP address, e.g. 10.1.2.3 (no port).").length(2, 45))
        .prop("conn_state", Schema.string("Connection state.").oneOf("connected", "disconnected"))
        .prop("clean_start", Schema.bool("Clean-start (clean-session) flag the client connected with."))
        .prop("proto_ver", Schema.integer("MQTT protocol version: 3 (3.1), 4 (3.1.1) or 5.").oneOf(3, 4, 5))
        .prop("like_clientid", Schema.string("Substring of the client ID (case-sensitive). meta.count "
            + "is absent with this filter.").length(1, 65535))
        .prop("like_username", Schema.string("Substring of the username (case-sensitive).").length(1, 65535))
        .closed();
    Schema client = Schema.object()
        .required("clientid", Schema.string(null))
        .prop("username", Schema.string(null).nullable())
        .prop("node", Schema.string(null))
        .prop("connected", Schema.bool(null))
        .prop("ip_address", Schema.string(null).nullable())
        .prop("proto_ver", Schema.integer(null))
        .prop("connected_at", Schema.string(null))
        .prop("disconnected_at", Schema.string(null))
        .prop("subscriptions_cnt", Schema.integer(null))
        .prop("mqueue_len", Schema.integer(null));
    return new ToolSpec(GROUP, "list_clients", "List MQTT clients",
        "List MQTT clients EMQX knows (connected, or disconnected with a live session), one page at a "
            + "time, as compact records: clientid, username, node, connected, ip_address, proto_ver, "
            + "connected_at/disconnected_at, subscriptions_cnt, mqueue_len. Use it to find clients by exact "
            + "or partial ID or username, node, IP, protocol or state; use get_client for one client's full "
            + "record. Returns {data, meta}: ask for page+1 while meta.hasnext is true (the last page may be "
            + "empty); meta.count is the total, absent with like_* filters. The text form lists the records as {columns, rows}.",
        Access.READ, true, input.build(), Paging.pageOf(client).build(),
        call -> {
          Args a = call.args();
          String ip = a.optString("ip_address");
          if (ip != null && !IpLiteral.isValid(ip)) {
            throw ToolException.invalid("'ip_address' must be an IPv4 or IPv6 address without a port, got '"
                + ip + "'");
          }
          return emqx.listClients(new ClientQuery(a.integer("page", 1), a.integer("limit", DEFAULT_LIMIT),
              a.optString("node"), a.optString("username"), a.optString("clientid"), ip,
              a.optString("conn_state"), a.optBool("clean_start"), a.optInt("proto_ver"),
              a.optString("like_clientid"), a.optString("like_username")));
        });
  }

  private ToolSpec getClient() {
    return new ToolSpec(GROUP, "get_client", "Get an MQTT client",
        "Get one MQTT client's full EMQX record by exact client ID: connection (connected, ip_address, "
            + "listener, keepalive, proto_ver, connected_at or disconnected_at), session (clean_start, "
            + "expiry_interval in seconds, subscriptions_cnt, inflight_cnt/max, mqueue_len/max/dropped) and "
            + "traffic counters. Use it after list_clients or when the user names a client. CLIENT_NOT_FOUND "
            + "means EMQX has neither a connection nor a session for that ID.",
        Access.READ, true,
        Schema.object().required("clientid", clientid("Exact client ID, e.g. sensor-42.")).closed().build(),
        Schema.object().required("clientid", Schema.string(null)).prop("connected", Schema.bool(null))
            .prop("node", Schema.string(null)).prop("username", Schema.string(null).nullable()).open().build(),
        call -> emqx.getClient(call.args().segment("clientid")));
  }

  /** The result of a kick. */
  record Kicked(String clientid, boolean disconnected, String message) {}

  private ToolSpec kickClient() {
    return new ToolSpec(GROUP, "kick_mqtt_client", "Disconnect an MQTT client",
        "Disconnect an MQTT client and discard its session (queued messages and subscriptions are lost). "
            + "A device that reconnects automatically will come back at once; to keep it out, ban it. "
            + "Returns {clientid, disconnected: true, message}; CLIENT_NOT_FOUND if no such client.",
        Access.DESTRUCTIVE, true,
        Schema.object().required("clientid", clientid("Exact client ID to disconnect.")).closed().build(),
        Schema.object().required("clientid", Schema.string(null)).required("disconnected", Schema.bool(null))
            .required("message", Schema.string(null)).build(),
        call -> {
          String id = call.args().segment("clientid");
          emqx.kickClient(id);
          return new Kicked(id, true, "Client '" + id + "' was disconnected and its session discarded.");
        })
        .withClients(args -> List.of(ToolSpec.ClientTarget.id(args.segment("clientid"))))
        .withPreview(call -> describeKick(emqx.getClient(call.args().segment("clientid"))));
  }

  /** "Disconnect client X, connected from 10.0.0.5 since …", from the client's current record. */
  static String describeKick(Map<String, Object> c) {
    String id = String.valueOf(c.get("clientid"));
    String session = "its session (" + c.getOrDefault("subscriptions_cnt", 0) + " subscription(s), "
        + c.getOrDefault("mqueue_len", 0) + " queued message(s)) is discarded";
    if (Boolean.TRUE.equals(c.get("connected"))) {
      return "Disconnect client '" + id + "' (user " + c.get("username") + ") connected from " + c.get("ip_address")
          + " to " + c.get("node") + " since " + c.get("connected_at") + "; " + session + ".";
    }
    return "Discard the session of client '" + id + "', disconnected since " + c.get("disconnected_at") + "; "
        + session + ".";
  }
}
