package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One subscription of one client, with its MQTT 5 options. {@code topic} keeps any {@code
 * $share/g/} prefix.
 */
record Subscription(String clientid, String node, String topic, int qos, int nl, int rap, int rh) {

  static Subscription of(JsonNode s, String node) {
    return new Subscription(
        s.get("clientid").asText(),
        node,
        s.get("topic").asText(),
        s.path("qos").asInt(0),
        s.path("nl").asInt(0),
        s.path("rap").asInt(0),
        s.path("rh").asInt(0));
  }

  /**
   * The listing shape; {@code durable} is in lists but not in the subscribe echo
   * (apps/emqx_management/src/emqx_mgmt_api_clients.erl at v5.8.9).
   */
  ObjectNode toJson(boolean withDurable) {
    ObjectNode o = Json.object().put("clientid", clientid).put("node", node).put("topic", topic);
    o.put("qos", qos).put("nl", nl).put("rap", rap).put("rh", rh);
    if (withDurable) {
      o.put("durable", false);
    }
    return o;
  }
}
