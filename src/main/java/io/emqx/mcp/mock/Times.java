package io.emqx.mcp.mock;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * EMQX's time formats: {@code calendar:system_time_to_rfc3339} under UTC writes {@code +00:00},
 * never {@code Z} (apps/emqx_utils/src/emqx_utils_calendar.erl at v5.8.9). Client and alarm times
 * carry milliseconds; bans carry seconds.
 */
final class Times {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  private Times() {}

  static String millis(long epochMs) {
    return MILLIS.format(Instant.ofEpochMilli(epochMs));
  }

  static String seconds(long epochSec) {
    return SECONDS.format(Instant.ofEpochSecond(epochSec));
  }

  /** Epoch milliseconds of an RFC 3339 string; null when it does not parse. */
  static Long parse(String rfc3339) {
    try {
      return OffsetDateTime.parse(rfc3339).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
