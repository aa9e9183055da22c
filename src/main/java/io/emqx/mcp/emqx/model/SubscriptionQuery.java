package io.emqx.mcp.emqx.model;

/** Filters of {@code GET /subscriptions}; null means "not given". */
public record SubscriptionQuery(
    int page,
    int limit,
    String clientid,
    String topic,
    String matchTopic,
    Integer qos,
    String shareGroup,
    String node) {}
