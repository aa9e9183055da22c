package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.model.Required;
import io.emqx.mcp.mqtt.MqttConnection;
import io.emqx.mcp.mqtt.MqttMessage;
import io.emqx.mcp.mqtt.Watch;
import io.emqx.mcp.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Tools that speak MQTT to the broker itself, over the shared {@link MqttConnection}: what the REST
 * API cannot do (receive). The topic policy and the read-only gate apply through the declared topic
 * arguments and {@link Access}, as for every tool.
 */
final class MqttTools {

  static final Toolset GROUP = Toolset.MQTT;

  /** Payload bytes shown per message; the rest is cut, and the message says so. */
  static final int PAYLOAD_CAP = 4 * 1024;

  /** At most this many characters of messages per result: a model's context is the budget. */
  static final int RESULT_CAP = 128 * 1024;

  List<ToolSpec> specs() {
    return List.of(subscribe(), query());
  }

  /** One received message as the tools show it; absent fields are left out. */
  record Message(
      String topic,
      int qos,
      boolean retain,
      String receivedAt,
      String payload,
      String payloadEncoding,
      int payloadBytes,
      Boolean payloadTruncated,
      Properties properties) {

    static Message of(MqttMessage m) {
      Payloads.Rendered p = Payloads.render(m.payload(), PAYLOAD_CAP);
      return new Message(
          m.topic(),
          m.qos(),
          m.retain(),
          m.receivedAt().truncatedTo(ChronoUnit.MILLIS).toString(),
          p.text(),
          p.encoding(),
          p.bytes(),
          p.truncated(),
          Properties.of(m.properties()));
    }

    /** The characters this message adds to a result's text. */
    int size() {
      return Results.write(this).length();
    }
  }

  /** The MQTT 5 properties a message carried; null when it carried none. */
  record Properties(
      String payloadFormat,
      String contentType,
      String responseTopic,
      String correlationData,
      String correlationDataEncoding,
      Long messageExpiryInterval,
      List<MqttMessage.UserProperty> userProperties,
      Boolean userPropertiesTruncated) {

    /** User properties shown per message: they are unbounded in MQTT, a result is not. */
    static final int MAX_USER_PROPERTIES = 32;

    static Properties of(MqttMessage.Properties p) {
      if (p.isEmpty()) {
        return null;
      }
      Payloads.Rendered correlation =
          p.correlationData() == null ? null : Payloads.render(p.correlationData(), PAYLOAD_CAP);
      return new Properties(
          p.payloadUtf8() == null ? null : p.payloadUtf8() ? "utf-8" : "unspecified",
          p.contentType(),
          p.responseTopic(),
          correlation == null ? null : correlation.text(),
          correlation == null ? null : correlation.encoding(),
          p.messageExpiryInterval(),
          p.userProperties().isEmpty()
              ? null
              : p.userProperties()
                  .subList(0, Math.min(MAX_USER_PROPERTIES, p.userProperties().size())),
          p.userProperties().size() > MAX_USER_PROPERTIES ? true : null);
    }
  }

  /** What {@code mqtt_subscribe} collected, and why it stopped. */
  record Collected(
      @Required String topic,
      @Required String protocol,
      @Required List<Message> messages,
      int count,
      @Required String stoppedBy,
      long waitedMs,
      boolean truncated,
      Integer connectionLost) {}

  /** What {@code mqtt_query} got back. */
  record Answer(
      @Required String requestTopic,
      @Required String responseTopic,
      @Required String protocol,
      boolean correlated,
      String correlationData,
      double rttMs,
      Integer skipped,
      @Required Message reply) {}

  private ToolSpec subscribe() {
    Schema input =
        Schema.object()
            .required(
                "topic",
                Schema.string(
                        "Topic filter, e.g. factory/+/status or devices/#. No $share/ or "
                            + "$queue/ (it would take messages from real consumers).")
                    .length(1, 65535))
            .prop(
                "timeout_seconds",
                Schema.integer("Seconds to listen.").range(1, 300).defaultValue(10))
            .prop(
                "max_messages",
                Schema.integer("Stop after this many.").range(1, 1000).defaultValue(10))
            .prop(
                "qos",
                Schema.integer("Subscription QoS (2 shows each message's own).")
                    .oneOf(0, 1, 2)
                    .defaultValue(2))
            .closed();
    return ToolSpec.builder(GROUP, "mqtt_subscribe")
        .title("Watch an MQTT topic")
        .description(
            "See what actually flows on an MQTT topic filter (retained messages first): collects until max_messages "
                + "or timeout_seconds. Returns {messages: [{topic, qos, retain, received_at, payload, payload_encoding, "
                + "payload_bytes, properties}], count, stopped_by}. Payloads cut at "
                + PAYLOAD_CAP
                + " bytes, results at ~"
                + RESULT_CAP / 1024
                + " KB. Zero messages is a normal result.")
        .access(Access.READ)
        .input(input)
        .output(Collected.class)
        .topics(ToolSpec.TopicArg.subscribe("topic"))
        .handler(
            call -> {
              Args a = call.args();
              String filter = a.string("topic");
              refuseShared(filter);
              return collect(
                  call,
                  filter,
                  a.integer("qos", 2),
                  a.integer("max_messages", 10),
                  Duration.ofSeconds(a.integer("timeout_seconds", 10)));
            })
        .build();
  }

  /**
   * Reads the watch until a limit; sends progress per message; a cancelled call stops at once. The
   * timeout counts from the subscription, not from connecting.
   */
  private Collected collect(ToolSpec.Call call, String filter, int qos, int max, Duration timeout) {
    List<Message> messages = new ArrayList<>();
    int size = 0;
    String stoppedBy = "timeout";
    String protocol = call.mqtt().protocol();
    long started;
    int lost;
    try (Watch watch = call.mqtt().watch(filter, qos, max)) {
      started = System.nanoTime();
      long deadline = started + timeout.toNanos();
      try {
        MqttMessage m;
        while ((m = watch.next(Duration.ofNanos(deadline - System.nanoTime()))) != null) {
          Message shown = Message.of(m);
          if (size + shown.size() > RESULT_CAP && !messages.isEmpty()) {
            stoppedBy = "size_limit";
            break;
          }
          messages.add(shown);
          size += shown.size();
          call.progress(
              messages.size(), (double) max, messages.size() + " of " + max + " on " + filter);
          if (messages.size() >= max) {
            stoppedBy = "max_messages";
            break;
          }
        }
      } catch (InterruptedException e) {
        // The client cancelled the request: unsubscribe (closing the watch) and stop.
        Thread.currentThread().interrupt();
        stoppedBy = "cancelled";
      }
      lost = watch.interruptions();
    }
    return new Collected(
        filter,
        protocol,
        messages,
        messages.size(),
        stoppedBy,
        (System.nanoTime() - started) / 1_000_000,
        stoppedBy.equals("size_limit"),
        lost == 0 ? null : lost);
  }

  private ToolSpec query() {
    Schema input =
        Schema.object()
            .required(
                "request_topic",
                Schema.string("Topic name, e.g. devices/sensor-7/firmware/get.").length(1, 65535))
            .required("payload", Schema.string("Text, or base64 when payload_encoding is base64."))
            .prop(
                "payload_encoding",
                Schema.string("plain or base64.").oneOf("plain", "base64").defaultValue("plain"))
            .prop(
                "response_topic",
                Schema.string(
                        "Where the responder answers; omit over MQTT 5 for a fresh one "
                            + "(required over 3.1.1).")
                    .length(1, 65535))
            .prop(
                "timeout_seconds",
                Schema.integer("Seconds to wait for the reply.").range(1, 300).defaultValue(5))
            .prop("qos", Schema.integer("QoS of request and reply.").oneOf(0, 1, 2).defaultValue(1))
            .closed();
    return ToolSpec.builder(GROUP, "mqtt_query")
        .title("Request/response over MQTT")
        .description(
            "Ask a device something over MQTT 5 request/response (response topic + correlation data), e.g. its "
                + "firmware version. Returns {reply (as mqtt_subscribe's messages), correlated, rtt_ms}. No reply in "
                + "time: EMQX_TIMEOUT; no subscriber on request_topic (QoS 1/2): NOT_FOUND. Over MQTT 3.1.1 the first "
                + "message on response_topic is the reply.")
        .access(Access.WRITE)
        .idempotent(false)
        .input(input)
        .output(Answer.class)
        .topics(
            ToolSpec.TopicArg.publish("request_topic"),
            ToolSpec.TopicArg.subscribe("response_topic"))
        .handler(
            call -> {
              Args a = call.args();
              String request = a.string("request_topic");
              String responseTopic = responseTopic(a.optString("response_topic"), request);
              MqttConnection.Reply r =
                  call.mqtt()
                      .query(
                          new MqttConnection.Query(
                              request,
                              payload(a),
                              a.integer("qos", 1),
                              responseTopic,
                              Duration.ofSeconds(a.integer("timeout_seconds", 5))));
              return new Answer(
                  request,
                  r.responseTopic(),
                  r.protocol(),
                  r.correlated(),
                  r.correlationData() == null
                      ? null
                      : new String(r.correlationData(), StandardCharsets.UTF_8),
                  Math.round(r.roundTripNanos() / 10_000.0) / 100.0,
                  r.skipped() == 0 ? null : r.skipped(),
                  Message.of(r.message()));
            })
        .build();
  }

  /** A watcher in a shared group would take messages from the real consumers: never. */
  private static void refuseShared(String filter) {
    for (String prefix : List.of("$share/", "$queue/", "$exclusive/")) {
      if (filter.startsWith(prefix)) {
        String rest = filter.substring(prefix.length());
        String plain = prefix.equals("$share/") ? rest.substring(rest.indexOf('/') + 1) : rest;
        throw ToolException.invalid(
            "'topic' cannot be a "
                + prefix
                + " subscription: as a member of the group "
                + "this server would take messages away from the real subscribers ($exclusive/ would even lock "
                + "them out). Watch the plain filter '"
                + plain
                + "' instead: it sees every message.");
      }
    }
  }

  /**
   * The response topic is a topic name (the responder publishes to it), never the request topic
   * itself.
   */
  private static String responseTopic(String topic, String request) {
    if (topic == null) {
      return null;
    }
    try {
      Topics.validateTopicName(topic);
    } catch (IllegalArgumentException e) {
      throw ToolException.invalid(
          "'response_topic' must be a topic name (the responder publishes to it): "
              + e.getMessage());
    }
    if (topic.equals(request)) {
      throw ToolException.invalid(
          "'response_topic' must differ from 'request_topic', or the request would be "
              + "taken for its own reply");
    }
    return topic;
  }

  private static byte[] payload(Args a) {
    String payload = MessagingTools.payload(a);
    return a.string("payload_encoding", "plain").equals("base64")
        ? Base64.getDecoder().decode(payload)
        : payload.getBytes(StandardCharsets.UTF_8);
  }
}
