package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.model.PublishRequest;
import io.emqx.mcp.emqx.model.PublishResult;
import io.emqx.mcp.emqx.model.Required;
import java.util.ArrayList;
import java.util.List;

/** Tools that send MQTT messages through EMQX's HTTP API. */
final class MessagingTools {

  private static final Toolset GROUP = Toolset.MESSAGING;

  List<ToolSpec> specs() {
    return List.of(publishMessage(), publishMessages());
  }

  /** The result of a publish, as the contract spells it. */
  record Published(@Required String topic, String id, boolean delivered, String reason) {}

  private ToolSpec publishMessage() {
    Schema input =
        Schema.object()
            .required(
                "topic",
                Schema.string("Topic name (no wildcards), e.g. devices/sensor-42/commands.")
                    .length(1, 65535))
            .required(
                "payload",
                Schema.string(
                    "Text, or base64 with payload_encoding=base64. Empty + retain clears "
                        + "the retained message."))
            .prop("qos", Schema.integer("QoS.").oneOf(0, 1, 2).defaultValue(0))
            .prop("retain", Schema.bool("Retain it.").defaultValue(false))
            .prop(
                "payload_encoding",
                Schema.string("plain or base64.").oneOf("plain", "base64").defaultValue("plain"))
            .closed();
    return ToolSpec.builder(GROUP, "publish_message")
        .title("Publish an MQTT message")
        .description(
            "Publish one MQTT message through EMQX. Returns {topic, id, delivered}; delivered=false with reason "
                + "no_matching_subscribers: accepted, but nobody subscribes (a retained message is still stored). "
                + "EMQX_REJECTED carries reason_code (144 bad topic, 151 too large).")
        .access(Access.WRITE)
        .idempotent(false)
        .input(input)
        .output(Published.class)
        .topics(ToolSpec.TopicArg.publish("topic"))
        .handler(
            call -> {
              PublishRequest request = request(call.args(), "");
              PublishResult r = call.emqx().publish(request);
              return new Published(
                  request.topic(), r.id(), r.delivered(), r.delivered() ? null : r.reason());
            })
        .build();
  }

  /** The most messages one bulk publish takes (the contract's limit). */
  static final int MAX_BATCH = 100;

  /** One message's outcome in a bulk publish. */
  record BatchItem(String topic, String id, boolean delivered, String reason) {}

  /** The result of a bulk publish: one item per message, in order, and the tally. */
  record BatchPublished(@Required List<BatchItem> results, int delivered, int notDelivered) {}

  private ToolSpec publishMessages() {
    Schema message =
        Schema.object()
            .required("topic", Schema.string("Topic name.").nonEmpty())
            .required("payload", Schema.string("Payload."))
            .prop("qos", Schema.integer("QoS.").oneOf(0, 1, 2))
            .prop("retain", Schema.bool("Retain."))
            .prop("payload_encoding", Schema.string("Default plain.").oneOf("plain", "base64"))
            .closed();
    Schema input =
        Schema.object()
            .required(
                "messages", Schema.array(message, "As for publish_message.").items(1, MAX_BATCH))
            .closed();
    return ToolSpec.builder(GROUP, "publish_messages")
        .title("Publish several MQTT messages")
        .description(
            "Publish up to "
                + MAX_BATCH
                + " messages at once; one invalid or refused message and none is sent. "
                + "Returns {topic, id, delivered, reason} per message, in order, and the counts.")
        .access(Access.WRITE)
        .idempotent(false)
        .input(input)
        .output(BatchPublished.class, "results", "delivered")
        .topics(ToolSpec.TopicArg.publish("messages[].topic"))
        .handler(
            call -> {
              List<Args> messages = call.args().objects("messages");
              List<PublishRequest> requests = new ArrayList<>(messages.size());
              for (int i = 0; i < messages.size(); i++) {
                requests.add(request(messages.get(i), "messages[" + i + "]."));
              }
              List<PublishResult> results = call.emqx().publishBulk(requests);
              List<BatchItem> items = new ArrayList<>(results.size());
              int delivered = 0;
              for (int i = 0; i < results.size(); i++) {
                PublishResult r = results.get(i);
                delivered += r.delivered() ? 1 : 0;
                String topic = i < requests.size() ? requests.get(i).topic() : null;
                items.add(
                    new BatchItem(topic, r.id(), r.delivered(), r.delivered() ? null : r.reason()));
              }
              return new BatchPublished(items, delivered, items.size() - delivered);
            })
        .build();
  }

  /**
   * One message to publish, its base64 payload decoded once to check it; {@code label} ("" or
   * "messages[2].") names the message in errors.
   */
  static PublishRequest request(Args a, String label) {
    return new PublishRequest(
        a.string("topic"),
        payload(a, label),
        a.integer("qos", 0),
        a.bool("retain", false),
        a.string("payload_encoding", "plain"));
  }

  /**
   * The {@code payload} argument (an empty string is a valid payload), checked as base64 when it
   * says so.
   */
  static String payload(Args a) {
    return payload(a, "");
  }

  private static String payload(Args a, String label) {
    String payload = a.optString("payload");
    if (payload == null) {
      throw ToolException.invalid("'" + label + "payload' is required (it may be an empty string)");
    }
    if (a.string("payload_encoding", "plain").equals("base64")) {
      String problem = Payloads.base64Problem(payload);
      if (problem != null) {
        throw ToolException.invalid(
            "'"
                + label
                + "payload' is not valid base64 (payload_encoding is base64): "
                + problem
                + ". Send text with payload_encoding plain, or the payload's bytes in standard base64.");
      }
    }
    return payload;
  }
}
