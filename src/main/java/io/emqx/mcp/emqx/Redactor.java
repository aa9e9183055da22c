package io.emqx.mcp.emqx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes credentials out of text we did not write (EMQX's error messages, its answers, a proxy's
 * error page) before it reaches a tool result, a log line or an exception message: EMQX or a proxy
 * in front of it may echo the request's {@code Authorization} header back. What goes: the
 * configured API secret, the Basic credential built from the key and secret (in either base64
 * alphabet), and any credential after {@code Basic} (base64 of {@code user:password}) or {@code
 * Bearer} (16 characters or more, as tokens are), so that prose such as "a basic check" stays
 * readable.
 */
public final class Redactor {

  /** What replaces a credential. */
  public static final String MASK = "[redacted]";

  /**
   * Shorter secrets are not searched for as plain text: masking every "abc" would garble messages.
   */
  static final int MIN_SECRET_LENGTH = 4;

  /** An auth scheme and what may be its credential, as a header value or text quoting one. */
  private static final Pattern SCHEME =
      Pattern.compile("(?i)\\b(Basic|Bearer)(\\s+)([A-Za-z0-9._~+/=-]+)");

  /** The shortest bearer token masked; ours must be 16 characters or more. */
  static final int MIN_TOKEN_LENGTH = 16;

  private static final Redactor NONE = new Redactor(List.of());

  private final List<String> literals;

  private Redactor(List<String> literals) {
    this.literals = literals;
  }

  /**
   * A redactor for the EMQX API key and secret; with no secret, only the auth schemes are masked.
   */
  public static Redactor of(String apiKey, String apiSecret) {
    if (apiSecret == null || apiSecret.isEmpty()) {
      return NONE;
    }
    List<String> literals = new ArrayList<>();
    byte[] basic =
        ((apiKey == null ? "" : apiKey) + ":" + apiSecret).getBytes(StandardCharsets.UTF_8);
    literals.add(Base64.getEncoder().encodeToString(basic));
    literals.add(Base64.getUrlEncoder().encodeToString(basic));
    literals.add(Base64.getEncoder().withoutPadding().encodeToString(basic));
    if (apiSecret.length() >= MIN_SECRET_LENGTH) {
      literals.add(apiSecret);
    }
    return new Redactor(List.copyOf(literals));
  }

  /** The text with every credential masked; null stays null. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String literal : literals) {
      if (out.contains(literal)) {
        out = out.replace(literal, MASK);
      }
    }
    if (containsScheme(out)) {
      out =
          SCHEME
              .matcher(out)
              .replaceAll(
                  m ->
                      Matcher.quoteReplacement(
                          isCredential(m.group(1), m.group(3))
                              ? m.group(1) + m.group(2) + MASK
                              : m.group()));
    }
    return out;
  }

  /** A Basic credential decodes to {@code user:password}; a bearer token is long. */
  private static boolean isCredential(String scheme, String value) {
    if (scheme.equalsIgnoreCase("bearer")) {
      return value.length() >= MIN_TOKEN_LENGTH;
    }
    // Padding is dropped and a dangling character ignored: a credential cut or mangled in an echo
    // still leaks most of its bytes.
    String bare = value.replaceAll("=+$", "");
    bare = bare.length() % 4 == 1 ? bare.substring(0, bare.length() - 1) : bare;
    for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
      try {
        for (byte b : decoder.decode(bare)) {
          if (b == ':') {
            return true;
          }
        }
      } catch (IllegalArgumentException notBase64) {
        // try the other alphabet
      }
    }
    return false;
  }

  /**
   * A cheap test before the regex: most text mentions neither scheme. Looked for in place, without
   * a lower-cased copy of the text: this runs on every string of every answer EMQX sends.
   */
  static boolean containsScheme(String s) {
    for (int i = s.length() - 5; i >= 0; i--) {
      char c = s.charAt(i);
      if ((c == 'b' || c == 'B')
          && (s.regionMatches(true, i, "basic", 0, 5)
              || s.regionMatches(true, i, "bearer", 0, 6))) {
        return true;
      }
    }
    return false;
  }
}
