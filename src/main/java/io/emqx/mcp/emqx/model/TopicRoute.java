package io.emqx.mcp.emqx.model;

/**
 * One route of {@code GET /topics}: a subscribed filter and the node that routes it, once however
 * many clients share it. A durable session's route has {@code session} instead of {@code node}.
 */
public record TopicRoute(@Required String topic, String node, String session) {}
