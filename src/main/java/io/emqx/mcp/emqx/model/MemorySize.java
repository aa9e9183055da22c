package io.emqx.mcp.emqx.model;

import java.util.Locale;

/**
 * EMQX writes node memory as text: {@code "%.2f"} with a K, M or G suffix (1024-based), or a bare
 * byte count under 1 KB, and {@code "0"} where it cannot measure (emqx_mgmt_util:kmg/1).
 */
public final class MemorySize {

  private MemorySize() {}

  /** Bytes, or null when the text is absent or not in EMQX's format. */
  public static Long parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String s = text.trim().toUpperCase(Locale.ROOT);
    long unit =
        switch (s.charAt(s.length() - 1)) {
          case 'K' -> 1L << 10;
          case 'M' -> 1L << 20;
          case 'G' -> 1L << 30;
          case 'T' -> 1L << 40;
          default -> 1L;
        };
    String number = unit == 1L ? s : s.substring(0, s.length() - 1);
    try {
      return Math.round(Double.parseDouble(number) * unit);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** used/total as a percentage with one decimal, or null when either is unknown or total is 0. */
  public static Double percent(String used, String total) {
    Long u = parse(used);
    Long t = parse(total);
    if (u == null || t == null || t == 0) {
      return null;
    }
    return Math.round(u * 1000.0 / t) / 10.0;
  }
}
