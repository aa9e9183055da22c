package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/**
 * The filterable fields of one client: what {@code GET /clients} filters on. Small on purpose, so a
 * filtered scan over a generated million clients never builds a full client record.
 */
record ClientFacts(
    String clientid,
    String username,
    String node,
    String ipAddress,
    boolean connected,
    boolean cleanStart,
    int protoVer,
    long createdAtMs,
    long connectedAtMs) {

  String connState() {
    return connected ? "connected" : "disconnected";
  }

  static ClientFacts of(JsonNode client) {
    return new ClientFacts(
        client.get("clientid").asText(),
        Json.text(client, "username"),
        client.get("node").asText(),
        Json.text(client, "ip_address"),
        client.path("connected").asBoolean(),
        client.path("clean_start").asBoolean(),
        client.path("proto_ver").asInt(),
        epochMs(Json.text(client, "created_at")),
        epochMs(Json.text(client, "connected_at")));
  }

  private static long epochMs(String rfc3339) {
    return rfc3339 == null ? 0 : OffsetDateTime.parse(rfc3339).toInstant().toEpochMilli();
  }
}
