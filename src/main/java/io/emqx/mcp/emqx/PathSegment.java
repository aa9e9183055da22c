package io.emqx.mcp.emqx;

import java.nio.charset.StandardCharsets;

/**
 * Encodes a client ID or topic as one URL path segment. EMQX splits the path on a literal {@code /}
 * before it percent-decodes each segment (cowboy's router), so {@code /}, {@code #}, {@code ?},
 * {@code %}, {@code +}, spaces and non-ASCII bytes must all be escaped for the value to arrive
 * whole. Only RFC 3986 unreserved characters are left as they are.
 */
public final class PathSegment {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathSegment() {}

  /**
   * @throws IllegalArgumentException for an empty value, or {@code .} and {@code ..}, which the
   *     server removes as dot-segments after decoding, so EMQX can never see them.
   */
  public static String encode(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    if (value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException(
          "'"
              + value
              + "' cannot be addressed through the EMQX API (it is a dot-segment of the URL path)");
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
