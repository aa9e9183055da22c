package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /publish} and {@code POST /publish/bulk}
 * (apps/emqx_management/src/emqx_mgmt_api_publish.erl at v5.8.9).
 */
final class PublishApi {
  private static final Set<String> FIELDS =
      Set.of("topic", "payload", "payload_encoding", "qos", "retain", "properties", "clientid");

  /** mqtt.max_packet_size default. */
  private static final int MAX_PACKET = 1024 * 1024;

  private static final AtomicLong SEQ = new AtomicLong();

  private final ClusterState state;

  PublishApi(ClusterState state) {
    this.state = state;
  }

  void register(Map<String, Handler> ops) {
    ops.put("publish", this::publish);
    ops.put("publish.bulk", this::bulk);
  }

  /** One message after the schema step. */
  private record Message(
      String topic, byte[] payload, String encoding, String rawPayload, int qos, boolean retain) {}

  private Reply publish(Call call) {
    JsonNode body = call.body();
    Schema.requireObject(body, "root");
    var schema = new Schema();
    Message m = parse(body, "root", schema);
    schema.done();
    Reply invalid = check(m);
    if (invalid != null) {
      return invalid;
    }
    return state.locked(
        s -> {
          ObjectNode result = deliver(s, m);
          return Reply.json(result.has("id") ? 200 : 202, result);
        });
  }

  /**
   * All or nothing: one invalid message and nothing is published, the answer is that message's
   * single error object. Otherwise one result per message, 202 when any found no subscriber.
   */
  private Reply bulk(Call call) {
    JsonNode body = call.body();
    if (!body.isArray()) {
      // hocon reads an object where an array is due as an array with bad keys.
      var err = Json.object();
      var keys = err.putArray("bad_array_index_keys");
      body.fieldNames().forEachRemaining(keys::add);
      err.put("kind", "validation_error").put("path", "root");
      throw ApiError.of(400, "BAD_REQUEST", Json.write(err));
    }
    var schema = new Schema();
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      String path = "root." + (i + 1);
      JsonNode item = body.get(i);
      if (!item.isObject()) {
        schema.error(path, "bad_value_for_struct", item);
        continue;
      }
      messages.add(parse(item, path, schema));
    }
    schema.done();
    if (messages.isEmpty()) {
      // The {errror, ...} typo in emqx_mgmt_api_publish makes an empty batch crash
      // (apps/emqx_management/src/emqx_mgmt_api_publish.erl at v5.8.9).
      throw ApiError.of(
          500,
          "INTERNAL_ERROR",
          "error, {case_clause,{errror,<<\"empty_batch\">>}}, [{emqx_mgmt_api_publish,publish_batch,2}]");
    }
    for (Message m : messages) {
      Reply invalid = check(m);
      if (invalid != null) {
        return invalid;
      }
    }
    return state.locked(
        s -> {
          ArrayNode results = Json.array();
          messages.forEach(m -> results.add(deliver(s, m)));
          boolean allDelivered = true;
          for (JsonNode r : results) {
            allDelivered &= r.has("id");
          }
          return Reply.json(allDelivered ? 200 : 202, results);
        });
  }

  private static Message parse(JsonNode body, String path, Schema schema) {
    schema.noUnknownFields(body, path, FIELDS);
    String topic = schema.string(body, "topic", path + ".topic", true);
    String payload = schema.string(body, "payload", path + ".payload", true);
    String encoding =
        schema.oneOf(
            body,
            "payload_encoding",
            path + ".payload_encoding",
            Set.of("plain", "base64"),
            "plain");
    int qos = schema.qos(body, path + ".qos");
    boolean retain = schema.bool(body, "retain", path + ".retain");
    JsonNode props = body.get("properties");
    if (props != null && !props.isObject() && !props.isNull()) {
      schema.error(path + ".properties", "bad_value_for_struct", props);
    }
    byte[] bytes = payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8);
    return new Message(topic == null ? "" : topic, bytes, encoding, payload, qos, retain);
  }

  /** The handler's own checks, in EMQX's order: topic name, base64, size. Null when fine. */
  private static Reply check(Message m) {
    if (!Topics.isValidName(m.topic())) {
      return reason(400, 144, "topic_name_invalid");
    }
    if ("base64".equals(m.encoding()) && decode(m.rawPayload()) == null) {
      return reason(400, 131, "{decode_base64_payload_failed,<<\"" + m.rawPayload() + "\">>}");
    }
    // An estimate of the PUBLISH packet: payload, topic and a few header bytes.
    long size = payload(m).length + m.topic().getBytes(StandardCharsets.UTF_8).length + 8L;
    if (size > MAX_PACKET) {
      return reason(400, 151, "packet_too_large");
    }
    return null;
  }

  /** Routes the message, stores it if retained, and says what EMQX says about it. */
  private static ObjectNode deliver(ClusterState s, Message m) {
    if (m.retain()) {
      s.retain(
          new RetainedMessage(
              newId(),
              m.topic(),
              m.qos(),
              Times.millis(System.currentTimeMillis()),
              "http_api",
              "",
              payload(m)));
    }
    if (s.anySubscriberFor(m.topic())) {
      return Json.object().put("id", newId());
    }
    return Json.object().put("reason_code", 16).put("message", "no_matching_subscribers");
  }

  private static byte[] payload(Message m) {
    return "base64".equals(m.encoding()) ? decode(m.rawPayload()) : m.payload();
  }

  private static byte[] decode(String b64) {
    try {
      return Base64.getDecoder().decode(b64 == null ? "" : b64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Reply reason(int status, int code, String message) {
    return Reply.json(status, Json.object().put("reason_code", code).put("message", message));
  }

  /** A 32-digit upper-case hex id like EMQX's GUIDs: a time part and a sequence. */
  static String newId() {
    long micros = System.currentTimeMillis() * 1000;
    return String.format("%016X%016X", micros, 0x0006_0000_0000_0000L | SEQ.incrementAndGet());
  }
}
