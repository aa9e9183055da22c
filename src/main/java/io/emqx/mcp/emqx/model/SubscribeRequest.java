package io.emqx.mcp.emqx.model;

/** The body of {@code POST /clients/{clientid}/subscribe}: the filter and its MQTT 5 options. */
public record SubscribeRequest(String topic, int qos, int nl, int rap, int rh) {}
