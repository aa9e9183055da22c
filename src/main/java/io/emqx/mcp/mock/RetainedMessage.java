package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/** A retained message. The list leaves the payload out; the single view has it in base64. */
record RetainedMessage(
    String msgid,
    String topic,
    int qos,
    String publishAt,
    String fromClientid,
    String fromUsername,
    byte[] payload) {

  RetainedMessage {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  static RetainedMessage of(JsonNode m) {
    return new RetainedMessage(
        m.get("msgid").asText(),
        m.get("topic").asText(),
        m.path("qos").asInt(0),
        m.get("publish_at").asText(),
        m.get("from_clientid").asText(),
        m.get("from_username").asText(),
        Base64.getDecoder().decode(m.get("payload").asText()));
  }

  ObjectNode toJson(boolean withPayload) {
    ObjectNode o = Json.object().put("msgid", msgid).put("topic", topic).put("qos", qos);
    o.put("publish_at", publishAt)
        .put("from_clientid", fromClientid)
        .put("from_username", fromUsername);
    if (withPayload) {
      o.put("payload", Base64.getEncoder().encodeToString(payload));
    }
    return o;
  }
}
