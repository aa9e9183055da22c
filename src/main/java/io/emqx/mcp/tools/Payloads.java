package io.emqx.mcp.tools;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * MQTT payloads as a model can read them: text when the bytes are UTF-8 text, base64 otherwise, cut
 * to a byte budget with the cut said out loud.
 */
final class Payloads {

  private Payloads() {}

  /**
   * @param text the payload ({@code plain} text, or {@code base64} of the bytes kept)
   * @param encoding {@code plain} or {@code base64}, the names {@code publish_message} takes
   * @param bytes the payload's full size in bytes
   * @param truncated true when only the first {@code cap} bytes are in {@code text}; null otherwise
   */
  record Rendered(String text, String encoding, int bytes, Boolean truncated) {}

  /**
   * Text when the bytes decode as UTF-8 with no control characters but tab, CR and LF (a NUL or a
   * bell means binary, even when it happens to be valid UTF-8); base64 otherwise.
   */
  static Rendered render(byte[] payload, int cap) {
    boolean cut = payload.length > cap;
    String text = text(payload);
    if (text == null) {
      byte[] kept = cut ? Arrays.copyOf(payload, cap) : payload;
      return new Rendered(Base64.getEncoder().encodeToString(kept), "base64", payload.length, cut ? true : null);
    }
    if (cut) {
      text = prefix(text, cap);
    }
    return new Rendered(text, "plain", payload.length, cut ? true : null);
  }

  /** The bytes as text, or null when they are not UTF-8 text. */
  static String text(byte[] bytes) {
    CharBuffer chars;
    try {
      chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
        return null;
      }
    }
    return chars.toString();
  }

  /** The longest prefix of {@code text} whose UTF-8 form fits {@code cap} bytes, never splitting a character. */
  private static String prefix(String text, int cap) {
    int bytes = 0;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > cap) {
        break;
      }
      bytes += size;
      i += Character.charCount(cp);
    }
    return text.substring(0, i);
  }
}
