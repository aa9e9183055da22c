package io.emqx.mcp.mock;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one path segment the way cowboy does (RFC 3986, {@code cow_uri:urldecode}). WireMock's
 * {@code urlPathTemplate} hands path parameters over still encoded ({@code a%2Fb}), and {@link
 * java.net.URLDecoder} is the wrong tool: it turns {@code +} into a space, which a path must not
 * do.
 */
final class PathCodec {
  private PathCodec() {}

  /**
   * @throws ApiError 400 with an empty body, as cowboy answers a malformed escape such as %zz
   */
  static String decodeSegment(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    var out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new ApiError(Reply.bareBadRequest());
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new ApiError(Reply.bareBadRequest());
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
