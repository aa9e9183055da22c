package io.emqx.mcp.emqx.model;

/**
 * The body of {@code POST /publish}. {@code payloadEncoding} is {@code plain} or {@code base64}.
 */
public record PublishRequest(
    String topic, String payload, int qos, boolean retain, String payloadEncoding) {}
