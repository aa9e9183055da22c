package io.emqx.mcp.emqx.model;

/**
 * A node of {@code GET /nodes}. A stopped node has only {@code node}, {@code nodeStatus} and {@code
 * role}. {@code uptime} is in milliseconds; the memory figures are EMQX's strings such as {@code
 * "15.52G"} (see {@link MemorySize}).
 */
public record NodeInfo(
    @Required String node,
    String nodeStatus,
    String role,
    String version,
    String edition,
    Long uptime,
    String otpRelease,
    Long connections,
    Long liveConnections,
    Long clusterSessions,
    Double load1,
    Double load5,
    Double load15,
    Long maxFds,
    String memoryTotal,
    String memoryUsed,
    Long processAvailable,
    Long processUsed) {

  public boolean running() {
    return "running".equals(nodeStatus);
  }
}
