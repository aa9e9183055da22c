package io.emqx.mcp.emqx.model;

/**
 * One subscription as EMQX lists it: the filter ({@code $share/<group>/…} for a shared one), its
 * QoS and MQTT 5 options. {@code durable} is absent in the echo of a subscribe.
 */
public record Subscription(
    String clientid,
    String node,
    @Required String topic,
    Integer qos,
    Integer nl,
    Integer rap,
    Integer rh,
    Boolean durable) {}
