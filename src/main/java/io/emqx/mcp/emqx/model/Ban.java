package io.emqx.mcp.emqx.model;

/**
 * A banned-list entry, and the body that creates one. {@code as} is clientid, username, peerhost,
 * clientid_re, username_re or peerhost_net. {@code until} is {@code "infinity"} or an RFC 3339 time
 * (second precision); EMQX keeps an expired entry until it purges it, but no longer enforces it.
 * {@code at} is null in a request (EMQX stamps the time).
 */
public record Ban(String as, String who, String by, String reason, String at, String until) {}
