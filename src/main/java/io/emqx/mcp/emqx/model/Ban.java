package io.emqx.mcp.emqx.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A banned-list entry, and the body that creates one. {@code as} is clientid, username, peerhost,
 * clientid_re, username_re or peerhost_net. {@code until} is {@code "infinity"} or an RFC 3339 time
 * (second precision); EMQX keeps an expired entry until it purges it, but no longer enforces it.
 * {@code at} is null in a request (EMQX stamps the time).
 */
public record Ban(
    @Required String as, @Required String who, String by, String reason, String at, String until) {

  /**
   * Whether {@code until} has passed: EMQX lists such a ban until it purges it, but no longer
   * applies it.
   */
  public boolean expired(Instant now) {
    if (until == null || until.equals("infinity")) {
      return false;
    }
    try {
      return !OffsetDateTime.parse(until).toInstant().isAfter(now);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
