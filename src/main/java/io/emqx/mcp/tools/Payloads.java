package io.emqx.mcp.tools;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A message payload as a model can read it: text when the bytes are valid UTF-8, base64 otherwise,
 * cut to a byte cap that the result says it applied.
 */
public final class Payloads {

  private Payloads() {}

  /**
   * A payload ready for a result. {@code encoding} is {@code plain} or {@code base64};
   * {@code bytes} is the full size; {@code truncated} says only the first {@code cap} bytes are in
   * {@code payload}.
   */
  public record Decoded(String payload, String encoding, int bytes, boolean truncated) {}

  public static Decoded decode(byte[] bytes, int cap) {
    boolean truncated = bytes.length > cap;
    if (isUtf8(bytes)) {
      // Cut on a character boundary: step back over UTF-8 continuation bytes (10xxxxxx).
      int end = bytes.length;
      if (truncated) {
        end = cap;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
          end--;
        }
      }
      return new Decoded(new String(bytes, 0, end, StandardCharsets.UTF_8), "plain", bytes.length, truncated);
    }
    byte[] shown = truncated ? Arrays.copyOf(bytes, cap) : bytes;
    return new Decoded(Base64.getEncoder().encodeToString(shown), "base64", bytes.length, truncated);
  }

  static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
