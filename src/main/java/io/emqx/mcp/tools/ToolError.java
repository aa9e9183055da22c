package io.emqx.mcp.tools;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failed call as everything after the handler sees it: the result's {@code error} object, the
 * guard's outcome line in the audit log, a resource read's JSON-RPC error. One value from {@link
 * Results#describe} to the audit log, so nobody reads a code back out of a map.
 *
 * @param code the contract's code
 * @param message what happened and what to do next, for the agent
 * @param details the rest of the {@code error} object (EMQX's {@code http_status}, {@code
 *     emqx_code}, {@code reason_code}; a tool's own fields such as {@code did_you_mean}), in order
 */
public record ToolError(ErrorCode code, String message, Map<String, Object> details) {

  public ToolError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public ToolError(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  /** The call its client cancelled, with when that happened. */
  static ToolError cancelled(String when) {
    return new ToolError(ErrorCode.CANCELLED, "cancelled by the client " + when);
  }

  /**
   * The same error naming the cluster it happened on (with more than one cluster): a {@code
   * cluster} field, and the message says it unless it already does.
   */
  public ToolError onCluster(String name) {
    String named =
        message.contains("cluster '" + name + "'")
            ? message
            : "On cluster '" + name + "': " + message;
    Map<String, Object> more = new LinkedHashMap<>(details);
    more.put("cluster", name);
    return new ToolError(code, named, more);
  }

  /** The result's {@code error} object: {@code {"code", "message", …details}}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("code", code.name());
    json.put("message", message);
    json.putAll(details);
    return json;
  }
}
