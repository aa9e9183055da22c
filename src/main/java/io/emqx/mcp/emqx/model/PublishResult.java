package io.emqx.mcp.emqx.model;

/**
 * EMQX's answer to an accepted publish. 200 gives a message {@code id}; 202 with reason code 16
 * means EMQX accepted it but no subscriber matched ({@code delivered = false}).
 */
public record PublishResult(String id, boolean delivered, Integer reasonCode, String reason) {}
