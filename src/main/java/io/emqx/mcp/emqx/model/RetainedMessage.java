package io.emqx.mcp.emqx.model;

/**
 * A retained message. The list leaves {@code payload} out; the single view has it base64-encoded,
 * and leaves it out too when it is over 1 MB.
 */
public record RetainedMessage(
    String msgid,
    @Required String topic,
    Integer qos,
    String publishAt,
    String fromClientid,
    String fromUsername,
    String payload) {}
