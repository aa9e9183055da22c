package io.emqx.mcp.emqx.model;

import java.util.List;
import java.util.Map;

/** {@code GET /rules/{id}/metrics}: the counters summed over the cluster, and per node. */
public record RuleMetrics(String id, Map<String, Object> metrics, List<NodeMetrics> nodeMetrics) {

  /** One node's counters. */
  public record NodeMetrics(String node, Map<String, Object> metrics) {}
}
