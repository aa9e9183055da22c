package io.emqx.mcp.emqx.model;

import java.util.List;

/**
 * A listener of {@code GET /listeners}, reduced to what an operator checks; EMQX also sends the
 * whole listener configuration (TLS options, socket tuning), which this leaves out.
 * {@code maxConnections} is a number or {@code "infinity"}.
 */
public record Listener(
    @Required String id, String type, String name, Boolean enable, String bind, Status status,
    List<NodeStatus> nodeStatus) {

  /** Whether it runs, and its connections, cluster-wide or on one node. */
  public record Status(Boolean running, Object maxConnections, Long currentConnections) {}

  /** The status on one node. */
  public record NodeStatus(String node, Status status) {}
}
