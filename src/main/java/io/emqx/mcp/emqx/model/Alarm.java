package io.emqx.mcp.emqx.model;

import java.util.Map;

/**
 * An alarm. {@code duration} is in milliseconds (still running for an active alarm); {@code
 * deactivateAt} is set once it cleared. {@code details} differ per alarm.
 */
public record Alarm(
    @Required String node,
    @Required String name,
    String message,
    Map<String, Object> details,
    Long duration,
    String activateAt,
    String deactivateAt) {}
