package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.model.Page;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tools over messages waiting somewhere: a client's queue and in-flight window (EMQX 5.6+), and
 * delayed messages ({@code $delayed/…} publishes not yet due).
 */
final class QueueTools {

  private static final Toolset GROUP = Toolset.QUEUES;

  /**
   * Bounds a page's payloads (EMQX's max_payload_bytes): 100 messages still fit a model's budget.
   */
  static final long MAX_PAYLOAD_BYTES = 32 * 1024;

  private static final Pattern MSGID = Pattern.compile("[0-9A-Fa-f]{1,32}");

  List<ToolSpec> specs() {
    return List.of(clientMessages(false), clientMessages(true), listDelayed(), deleteDelayed());
  }

  private ToolSpec clientMessages(boolean inflight) {
    Schema input =
        Schema.object()
            .required("clientid", ClientTools.clientid("Exact client ID."))
            .prop(
                "position",
                Schema.string("meta.position of the previous call; omit to start.").length(1, 64))
            .prop(
                "limit",
                Schema.integer("Per call.")
                    .range(1, Paging.MAX_LIMIT)
                    .defaultValue(Paging.DEFAULT_LIMIT))
            .prop(
                "payload",
                Schema.string("Payloads: none, plain or base64.")
                    .oneOf("none", "plain", "base64")
                    .defaultValue("none"))
            .closed();
    String what =
        inflight
            ? "in-flight messages (sent, not yet acknowledged)"
            : "queued messages (waiting to be sent)";
    return ToolSpec.builder(GROUP, inflight ? "list_client_inflight" : "list_client_mqueue")
        // /clients/:clientid/mqueue_messages and /inflight_messages: emqx_mgmt_api_clients.erl from
        // v5.6.0.
        .requires("5.6")
        .title(inflight ? "List a client's in-flight messages" : "List a client's queued messages")
        .description(
            "A client's "
                + what
                + ", oldest first: msgid, topic, qos, publish_at, from_clientid, inserted_at"
                + (inflight ? "" : ", mqueue_priority")
                + ". EMQX 5.6+. Pages by cursor: call again with "
                + "position=meta.position until data is empty.")
        .access(Access.READ)
        .input(input)
        .output(Paging.pageOf())
        .handler(
            call -> {
              Args a = call.args();
              return call.emqx()
                  .admin()
                  .clientMessages(
                      inflight,
                      a.segment("clientid"),
                      a.optString("position"),
                      a.integer("limit", Paging.DEFAULT_LIMIT),
                      a.string("payload", "none"),
                      MAX_PAYLOAD_BYTES);
            })
        .build();
  }

  /** A delayed message in a list. */
  record DelayedRow(
      String msgid,
      String node,
      String topic,
      Object qos,
      String fromClientid,
      String expectedAt,
      Object delayedRemaining) {
    static DelayedRow of(Map<String, Object> d) {
      return new DelayedRow(
          (String) d.get("msgid"),
          (String) d.get("node"),
          (String) d.get("topic"),
          d.get("qos"),
          (String) d.get("from_clientid"),
          (String) d.get("expected_at"),
          d.get("delayed_remaining"));
    }
  }

  private ToolSpec listDelayed() {
    return ToolSpec.builder(GROUP, "list_delayed_messages")
        .title("List delayed messages")
        .description(
            "Messages published to $delayed/{seconds}/{topic} and not yet due: msgid, node, topic, qos, from_clientid, "
                + "expected_at, delayed_remaining (s). Returns {data, meta}.")
        .access(Access.READ)
        .input(Paging.args(Schema.object()).closed())
        .output(Paging.pageOf())
        .handler(
            call -> {
              Page<Map<String, Object>> page =
                  call.emqx()
                      .admin()
                      .listDelayed(Paging.page(call.args()), Paging.limit(call.args()));
              return new Page<>(page.data().stream().map(DelayedRow::of).toList(), page.meta());
            })
        .build();
  }

  /** The result of a delete. */
  record Deleted(String node, String msgid, boolean deleted, String message) {}

  private ToolSpec deleteDelayed() {
    Schema input =
        Schema.object()
            .required(
                "node",
                Schema.string("Node holding it, from list_delayed_messages.").length(1, 255))
            .required("msgid", Schema.string("Its msgid (hex).").length(1, 32))
            .closed();
    return ToolSpec.builder(GROUP, "delete_delayed_message")
        .title("Delete a delayed message")
        .description(
            "Cancel a delayed message before it is published. NOT_FOUND if it was already published or deleted.")
        .access(Access.DESTRUCTIVE)
        .idempotent(true)
        .input(input)
        .output(Deleted.class, "deleted")
        .preview(
            call -> {
              Map<String, Object> d =
                  call.emqx().admin().getDelayed(call.args().segment("node"), msgid(call.args()));
              return "Delete the delayed message "
                  + d.get("msgid")
                  + " to '"
                  + d.get("topic")
                  + "' from "
                  + d.get("from_clientid")
                  + ", due at "
                  + d.get("expected_at")
                  + " on "
                  + d.get("node")
                  + ": it will never be published.";
            })
        .handler(
            call -> {
              String node = call.args().segment("node");
              String msgid = msgid(call.args());
              call.emqx().admin().deleteDelayed(node, msgid);
              return new Deleted(
                  node,
                  msgid,
                  true,
                  "Delayed message "
                      + msgid
                      + " on "
                      + node
                      + " was deleted; it "
                      + "will not be published.");
            })
        .build();
  }

  /**
   * EMQX parses the ID as hex and answers anything else with MESSAGE_ID_SCHEMA_ERROR: refused here
   * first.
   */
  private static String msgid(Args a) {
    String id = a.string("msgid");
    if (!MSGID.matcher(id).matches()) {
      throw ToolException.invalid(
          "'msgid' must be the hex ID list_delayed_messages shows, got '" + id + "'");
    }
    return id;
  }
}
