package io.emqx.mcp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The config globs of mcp.enabled-tools, disabled-tools and protected-clients. */
class GlobTest {

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "kick_*          | kick_mqtt_client | true",
        "kick_*          | kick_            | true",
        "kick_*          | list_clients     | false",
        "*               | ''               | true",
        "gateway-??      | gateway-eu       | true",
        "gateway-??      | gateway-e        | false",
        "gateway-??      | gateway-eu1      | false",
        "plc-*           | PLC-7            | false",
        "a.b             | axb              | false",
        "a.b             | a.b              | true",
        "[x]+            | [x]+             | true",
        "[x]+            | x                | false",
        "\\E*            | \\Eanything      | true",
        "line*           | 'line1\nline2'   | true",
      })
  void caseSensitive_starIsAnyRun_questionIsOneCharacter_restIsLiteral(
      String glob, String value, boolean matches) {
    assertEquals(matches, Glob.of(glob, false).matches(value));
  }

  @ParameterizedTest(name = "{0} ~ {1}")
  @CsvSource(
      delimiter = '|',
      value = {"KICK_* | kick_mqtt_client", "Straße | STRASSE", "é? | Éx"})
  void ignoreCase_foldsUnicodeToo(String glob, String value) {
    boolean folded = Glob.of(glob, true).matches(value);
    // 'ß' has no one-character upper case: a case-insensitive match of Straße and STRASSE is not
    // promised.
    assertEquals(!glob.equals("Straße"), folded);
    assertFalse(Glob.of(glob, false).matches(value));
  }

  @Test
  void questionMark_isOneCodePoint_notOneUtf16Unit() {
    assertTrue(Glob.of("sensor-?", false).matches("sensor-😀"));
    assertFalse(Glob.of("sensor-??", false).matches("sensor-😀"));
  }

  /** Without * or ?, a glob is its text and nothing else, whatever regex syntax the text holds. */
  @Property(tries = 300)
  void globWithoutWildcards_matchesExactlyItself(
      @ForAll @StringLength(max = 20) String text, @ForAll @StringLength(max = 20) String other) {
    String literal = text.replace("*", "").replace("?", "");
    assertTrue(Glob.of(literal, false).matches(literal));
    assertEquals(literal.equals(other), Glob.of(literal, false).matches(other));
  }

  /** A star alone in front of any literal suffix matches every value that ends with it. */
  @Property(tries = 300)
  void starPrefix_matchesEverySuffixedValue(
      @ForAll @StringLength(max = 10) String head, @ForAll @StringLength(max = 10) String tail) {
    String suffix = tail.replace("*", "").replace("?", "");
    assertTrue(Glob.of("*" + suffix, false).matches(head + suffix));
  }
}
