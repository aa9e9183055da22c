package io.emqx.mcp.emqx.model;

import java.util.List;

/**
 * A rule of the rule engine as {@code GET /rules/{id}} answers: no metrics (those come from {@code
 * /rules/{id}/metrics}). An action is a connector reference such as {@code "http:telemetry_store"}
 * or an object with a {@code function} (e.g. republish). {@code namespace} is EMQX 6.1+'s (null:
 * the global namespace, or an older EMQX).
 */
public record Rule(
    String namespace,
    @Required String id,
    String name,
    List<String> from,
    List<Object> actions,
    String sql,
    Boolean enable,
    String createdAt,
    String description) {}
