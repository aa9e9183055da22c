package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.model.Required;
import io.emqx.mcp.emqx.model.RetainedMessage;
import java.util.Base64;
import java.util.List;

/**
 * Tools over EMQX's retainer: what new subscribers of a topic are sent first. Reading a retained
 * message needs read on its topic and deleting one needs write, under the topic policy.
 */
final class RetainerTools {

  private static final Toolset GROUP = Toolset.MESSAGING;

  /** The most payload bytes one result carries; larger payloads are cut, and the result says so. */
  static final int MAX_PAYLOAD_BYTES = 16 * 1024;

  List<ToolSpec> specs() {
    return List.of(listRetained(), getRetained(), deleteRetained());
  }

  private static Schema topicName() {
    return Schema.string("Topic name.").nonEmpty();
  }

  private ToolSpec listRetained() {
    Schema input =
        Paging.args(
                Schema.object()
                    .prop(
                        "topic", Schema.string("Filter, wildcards allowed. No count.").nonEmpty()))
            .closed();
    return ToolSpec.builder(GROUP, "list_retained_messages")
        .title("List retained messages")
        .description(
            "Retained messages without payloads: msgid, topic, qos, publish_at, from_clientid, from_username. "
                + "Returns {data, meta}; get_retained_message has the payload.")
        .access(Access.READ)
        .input(input)
        .output(Paging.pageOf())
        .topics(ToolSpec.TopicArg.subscribe("topic"))
        .handler(
            call -> {
              Args a = call.args();
              return call.emqx()
                  .listRetained(a.optString("topic"), Paging.page(a), Paging.limit(a));
            })
        .build();
  }

  /**
   * A retained message with its payload decoded. {@code payload} is null when EMQX left it out
   * (over 1 MB); {@code payloadBytes} is the full size.
   */
  record Retained(
      @Required String topic,
      String msgid,
      Integer qos,
      String publishAt,
      String fromClientid,
      String fromUsername,
      String payload,
      String payloadEncoding,
      Integer payloadBytes,
      boolean truncated) {}

  private ToolSpec getRetained() {
    return ToolSpec.builder(GROUP, "get_retained_message")
        .title("Get a retained message")
        .description(
            "The message retained on a topic, with its payload as text if UTF-8, else base64 (payload_encoding), "
                + "cut at "
                + MAX_PAYLOAD_BYTES
                + " bytes (truncated; payload_bytes is the size). NOT_FOUND if none.")
        .access(Access.READ)
        .input(Schema.object().required("topic", topicName()).closed())
        .output(Retained.class, "topic", "truncated")
        .topics(ToolSpec.TopicArg.read("topic"))
        .handler(
            call -> {
              RetainedMessage m = call.emqx().getRetained(call.args().segment("topic"));
              if (m.payload() == null) {
                return new Retained(
                    m.topic(),
                    m.msgid(),
                    m.qos(),
                    m.publishAt(),
                    m.fromClientid(),
                    m.fromUsername(),
                    null,
                    null,
                    null,
                    true);
              }
              Payloads.Rendered p =
                  Payloads.render(Base64.getDecoder().decode(m.payload()), MAX_PAYLOAD_BYTES);
              return new Retained(
                  m.topic(),
                  m.msgid(),
                  m.qos(),
                  m.publishAt(),
                  m.fromClientid(),
                  m.fromUsername(),
                  p.text(),
                  p.encoding(),
                  p.bytes(),
                  Boolean.TRUE.equals(p.truncated()));
            })
        .build();
  }

  /** The result of a delete. */
  record Deleted(String topic, boolean deleted, String message) {}

  private ToolSpec deleteRetained() {
    return ToolSpec.builder(GROUP, "delete_retained_message")
        .title("Delete a retained message")
        .description(
            "Delete the message retained on a topic, so new subscribers stop getting it (like publishing an empty "
                + "retained payload). NOT_FOUND if none.")
        .access(Access.DESTRUCTIVE)
        .idempotent(true)
        .input(Schema.object().required("topic", topicName()).closed())
        .output(Deleted.class, "deleted")
        .topics(ToolSpec.TopicArg.publish("topic"))
        .handler(
            call -> {
              String topic = call.args().segment("topic");
              call.emqx().deleteRetained(topic);
              return new Deleted(
                  topic, true, "The retained message on '" + topic + "' was deleted.");
              // write, like a publish: deleting is what publishing an empty retained payload does.
            })
        .build();
  }
}
