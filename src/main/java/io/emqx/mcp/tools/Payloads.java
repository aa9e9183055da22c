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
      return new Rendered(
          Base64.getEncoder().encodeToString(kept), "base64", payload.length, cut ? true : null);
    }
    if (cut) {
      text = prefix(text, cap);
    }
    return new Rendered(text, "plain", payload.length, cut ? true : null);
  }

  /**
   * What is wrong with {@code text} as base64, naming where, or null when it decodes. The JDK says
   * "Illegal base64 character 25", the character in hex and not where it is.
   */
  static String base64Problem(String text) {
    try {
      Base64.getDecoder().decode(text);
      return null;
    } catch (IllegalArgumentException e) {
      // below: say what and where
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphabet =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || c == '+'
              || c == '/';
      if (!alphabet && c != '=') {
        String shown = c >= 0x21 && c < 0x7f ? "'" + c + "' (U+" + hex(c) + ")" : "U+" + hex(c);
        return "the character "
            + shown
            + " at position "
            + i
            + " (counting from 0) is not base64"
            + (c == '-' || c == '_'
                ? "; this looks like URL-safe base64: use + and / instead of - and _"
                : Character.isWhitespace(c)
                    ? "; remove spaces and line breaks"
                    : "; base64 uses A-Z, a-z, 0-9, + and /");
      }
      if (c == '=' && text.chars().skip(i).anyMatch(rest -> rest != '=')) {
        return "the padding '=' at position " + i + " (counting from 0) is not at the end";
      }
    }
    return "its end is not whole base64 ("
        + text.length()
        + " characters; base64 comes in groups of 4, the last "
        + "one padded with '=' as needed)";
  }

  /**
   * The size in bytes of a publish's payload: decoded when it is base64 (and valid), else its
   * UTF-8.
   */
  static long payloadBytes(String payload, boolean base64) {
    if (base64 && base64Problem(payload) == null) {
      return Base64.getDecoder().decode(payload).length;
    }
    return payload.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String hex(char c) {
    return String.format("%04X", (int) c);
  }

  /** The bytes as text, or null when they are not UTF-8 text. */
  static String text(byte[] bytes) {
    CharBuffer chars;
    try {
      chars =
          StandardCharsets.UTF_8
              .newDecoder()
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

  /**
   * The longest prefix of {@code text} whose UTF-8 form fits {@code cap} bytes, never splitting a
   * character.
   */
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
