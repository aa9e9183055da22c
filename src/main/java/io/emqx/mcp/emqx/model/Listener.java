package io.emqx.mcp.emqx.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A listener of {@code GET /listeners}, reduced to what an operator checks; EMQX also sends the
 * whole listener configuration (TLS options, socket tuning), which this leaves out. {@code
 * maxConnections} is a number or {@code "infinity"}.
 */
public record Listener(
    @Required String id,
    String type,
    String name,
    Boolean enable,
    String bind,
    Status status,
    List<NodeStatus> nodeStatus) {

  /** Whether it runs, and its connections, cluster-wide or on one node. */
  public record Status(Running running, Object maxConnections, Long currentConnections) {}

  /** The status on one node. */
  public record NodeStatus(String node, Status status) {}

  /**
   * EMQX's {@code running}: a boolean on one node; cluster-wide, the nodes' common value or the
   * string {@code "inconsistent"} when they disagree (emqx_mgmt_api_listeners.erl at v5.8.9: the
   * status schema is {@code union([inconsistent, boolean()])}, and format_status/4 merges the
   * nodes). Any other value is not an answer EMQX gives, so it fails decoding.
   */
  public enum Running {
    YES(Boolean.TRUE),
    NO(Boolean.FALSE),
    INCONSISTENT("inconsistent");

    private final Object json;

    Running(Object json) {
      this.json = json;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Running of(JsonNode value) {
      if (value.isBoolean()) {
        return value.booleanValue() ? YES : NO;
      }
      if (value.isTextual() && value.textValue().equals("inconsistent")) {
        return INCONSISTENT;
      }
      throw new IllegalArgumentException(
          "'running' is true, false or \"inconsistent\", not " + value);
    }

    /** As EMQX writes it: true, false or "inconsistent". */
    @JsonValue
    public Object json() {
      return json;
    }
  }
}
