package io.emqx.mcp.emqx.model;

/**
 * {@code GET /status?format=json}: the answering node and whether its broker runs. EMQX needs no
 * credentials for it, so it tells whether EMQX answers at all, not whether our key works.
 */
public record BrokerStatus(String nodeName, String relVsn, String brokerStatus, String appStatus) {}
