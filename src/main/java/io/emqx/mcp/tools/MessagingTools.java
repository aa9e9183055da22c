package io.emqx.mcp.tools;

import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.emqx.model.PublishRequest;
import io.emqx.mcp.emqx.model.PublishResult;
import java.util.Base64;
import java.util.List;

/** Tools that send MQTT messages through EMQX's HTTP API. */
final class MessagingTools {

  private static final String GROUP = "messages";

  private final EmqxClient emqx;

  MessagingTools(EmqxClient emqx) {
    this.emqx = emqx;
  }

  List<ToolSpec> specs() {
    return List.of(publishMessage());
  }

  /** The result of a publish, as the contract spells it. */
  record Published(String topic, String id, boolean delivered, String reason) {}

  private ToolSpec publishMessage() {
    Schema input = Schema.object()
        .required("topic", Schema.string("Topic name to publish to, e.g. devices/sensor-42/commands. No + or # "
            + "wildcards.").length(1, 65535))
        .required("payload", Schema.string("Message payload: text, or base64 when payload_encoding is base64. "
            + "An empty retained payload clears the topic's retained message."))
        .prop("qos", Schema.integer("MQTT QoS.").oneOf(0, 1, 2).defaultValue(0))
        .prop("retain", Schema.bool("Store as the topic's retained message.").defaultValue(false))
        .prop("payload_encoding", Schema.string("How payload is encoded: plain text, or base64 for binary.")
            .oneOf("plain", "base64").defaultValue("plain"))
        .closed();
    Schema output = Schema.object()
        .required("topic", Schema.string(null))
        .prop("id", Schema.string("EMQX's message ID, when it was delivered."))
        .required("delivered", Schema.bool("False when EMQX accepted it but no subscriber matched."))
        .prop("reason", Schema.string("Why it was not delivered, e.g. no_matching_subscribers."));
    return new ToolSpec(GROUP, "publish_message", "Publish an MQTT message",
        "Publish one MQTT message through EMQX, as if from a client. Returns {topic, id, delivered}: "
            + "delivered=false with reason no_matching_subscribers means EMQX accepted it but nobody is "
            + "subscribed (a retained message is still stored). For binary payloads pass base64 with "
            + "payload_encoding=base64. EMQX_REJECTED carries EMQX's reason_code (144 bad topic, 151 too large).",
        Access.WRITE, false, input.build(), output.build(),
        call -> {
          Args a = call.args();
          String topic = a.string("topic");
          String encoding = a.string("payload_encoding", "plain");
          PublishResult r = emqx.publish(
              new PublishRequest(topic, payload(a), a.integer("qos", 0), a.bool("retain", false), encoding));
          return new Published(topic, r.id(), r.delivered(), r.delivered() ? null : r.reason());
        }).withTopics(ToolSpec.TopicArg.publish("topic"));
  }

  /**
   * The {@code payload} argument as given (an empty string is a valid payload), checked to be base64
   * when {@code payload_encoding} says so.
   */
  static String payload(Args a) {
    String payload = a.optString("payload");
    if (payload == null) {
      throw ToolException.invalid("'payload' is required (it may be an empty string)");
    }
    if (a.string("payload_encoding", "plain").equals("base64")) {
      checkBase64(payload);
    }
    return payload;
  }

  static void checkBase64(String payload) {
    try {
      Base64.getDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      throw ToolException.invalid("'payload' is not valid base64 (payload_encoding is base64): " + e.getMessage());
    }
  }
}
