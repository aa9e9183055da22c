package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * One banned entry. {@code until} is {@code "infinity"} or an RFC 3339 time with second precision.
 */
record Ban(String as, String who, String by, String reason, String at, String until) {
  static final Set<String> KINDS =
      Set.of("clientid", "username", "peerhost", "clientid_re", "username_re", "peerhost_net");

  static Ban of(JsonNode b) {
    return new Ban(
        b.get("as").asText(),
        b.get("who").asText(),
        b.path("by").asText("mgmt_api"),
        b.path("reason").asText(""),
        b.get("at").asText(),
        b.path("until").asText("infinity"));
  }

  boolean expiredAt(long nowMs) {
    if ("infinity".equals(until)) {
      return false;
    }
    Long t = Times.parse(until);
    return t != null && t <= nowMs;
  }

  ObjectNode toJson() {
    return Json.object()
        .put("as", as)
        .put("who", who)
        .put("by", by)
        .put("reason", reason)
        .put("at", at)
        .put("until", until);
  }
}
