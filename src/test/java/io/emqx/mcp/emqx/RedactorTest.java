package io.emqx.mcp.emqx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Whatever text EMQX wraps a credential in, the credential does not survive. */
class RedactorTest {

  @Property(tries = 500)
  void theSecretAndTheBasicCredential_neverSurvive(
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String key,
      @ForAll("secrets") String secret,
      @ForAll("text") String before,
      @ForAll("text") String after,
      @ForAll("wrappers") String wrapper) {
    String basic =
        Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    String echoed = before + wrapper.formatted(basic, secret) + after;
    String out = Redactor.of(key, secret).redact(echoed);
    assertFalse(out.contains(secret), out);
    assertFalse(out.contains(basic), out);
  }

  @Test
  void bearerTokens_andTextWithoutCredentials() {
    Redactor r = Redactor.of("k", "");
    assertEquals(
        "Authorization: Bearer [redacted], retry",
        r.redact("Authorization: Bearer eyJhbGciOi.eyJzdWIi-b_c~d+/=, retry"));
    assertEquals("basic [redacted]", r.redact("basic dXNlcjpwYXNz")); // user:pass
    assertEquals("basic [redacted]", r.redact("basic dXNlcjpwYXNz".replace("z", "z=")));
    // Prose stays readable: a short word after bearer, and a word after basic that is no
    // user:password.
    assertEquals(
        "no credentials here: a basic check, a bearer bond, basic authentication",
        r.redact("no credentials here: a basic check, a bearer bond, basic authentication"));
    assertEquals(null, r.redact(null));
  }

  @Provide
  Arbitrary<String> secrets() {
    // EMQX API secrets are long random strings; anything printable from 4 characters up is masked.
    return Arbitraries.strings()
        .withCharRange('!', '~')
        .ofMinLength(Redactor.MIN_SECRET_LENGTH)
        .ofMaxLength(64)
        .filter(s -> !"[redacted]".contains(s));
  }

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('\n', '\u2028', 'é')
        .ofMaxLength(30);
  }

  @Provide
  Arbitrary<String> wrappers() {
    return Arbitraries.of(
        "Authorization: Basic %1$s",
        "basic %1$s",
        "BASIC\t%1$s",
        "%1$s",
        "\"%1$s\"",
        "secret=%2$s",
        "<<\"%2$s\">>",
        "%2$s%2$s",
        "{badarg,\"Basic %1$s\"}");
  }

  /**
   * The quick look for an auth scheme finds one wherever the lower-cased text has it (how it was
   * first written), whatever the case and the characters around.
   */
  @Property(tries = 1000)
  void theQuickLookForASchemeAgreesWithLowerCasing(@ForAll("schemeText") String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    assertEquals(
        lower.contains("basic") || lower.contains("bearer"), Redactor.containsScheme(text), text);
  }

  @Provide
  Arbitrary<String> schemeText() {
    Arbitrary<String> pieces =
        Arbitraries.oneOf(
            Arbitraries.of(
                "basic", "BASIC", "Basic", "bAsIc", "bearer", "BEARER", "Bearer", "beare", "basi",
                "b", "B", "asic", "earer", "\u0130", "\u212A", "\u017F", " "),
            Arbitraries.strings().ofMaxLength(4));
    return pieces.list().ofMaxSize(6).map(l -> String.join("", l));
  }
}
