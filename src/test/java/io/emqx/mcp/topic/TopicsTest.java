package io.emqx.mcp.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

  @Nested
  class Matching {
    // filter | topic | matches. '' is the empty string; the CSV quote is ' so no topic here uses
    // it.
    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(
        delimiter = '|',
        value = {
          // '+' is exactly one level, empty ones included
          "a/+      | a/b      | true",
          "a/+      | a        | false",
          "a/+      | a/b/c    | false",
          "a/+      | a/       | true",
          "+        | a        | true",
          "+        | /a       | false",
          "+/+      | /a       | true",
          "+/+      | /        | true",
          "+/a      | /a       | true",
          // '#' is any number of levels, zero included, so it matches its parent level
          "#        | a        | true",
          "#        | a/b/c    | true",
          "#        | /        | true",
          "a/#      | a        | true",
          "a/#      | a/       | true",
          "a/#      | a/b/c    | true",
          "a/#      | ab       | false",
          "a/#      | b/a      | false",
          "a/+/#    | a        | false",
          "a/+/#    | a/b      | true",
          "+/#      | a        | true",
          // '$' topics are not matched by a leading wildcard, only by a literal first level
          "#        | $SYS/x   | false",
          "#        | $SYS     | false",
          "+/x      | $SYS/x   | false",
          "+/#      | $SYS/x   | false",
          "$SYS/#   | $SYS/x   | true",
          "$SYS/#   | $SYS     | true",
          "$SYS/+   | $SYS/x   | true",
          "a/+      | a/$x     | true",
          "a/#      | a/$x/y   | true",
          "+        | x$       | true",
          // empty levels are real levels
          "a//b     | a//b     | true",
          "a/+/b    | a//b     | true",
          "a//b     | a/b      | false",
          "/a       | /a       | true",
          "/a       | a        | false",
          "/+       | /a       | true",
          "/#       | /        | true",
          "a/       | a        | false",
          "a/       | a/       | true",
          "//       | //       | true",
          // exact comparison: topics are case-sensitive
          "A/b      | a/b      | false",
          "a/b      | a/B      | false",
          // subscription prefixes are stripped, as EMQX does
          "$share/g/a/+      | a/b          | true",
          "$share/g/a/#      | a            | true",
          "$share/g/#        | $SYS/x       | false",
          "$share/g/$SYS/#   | $SYS/x       | true",
          "$share/g/h/a      | h/a          | true",
          "$share/g/a        | $share/g/a   | false",
          "$queue/a/+        | a/b          | true",
          "$queue/#          | $queue/a     | false",
          "$exclusive/a      | a            | true",
          // without the slash these are ordinary names
          "$share            | $share       | true",
          "$queue            | $queue       | true",
        })
    void matches_followsMqttRules(String filter, String topic, boolean expected) {
      assertEquals(expected, Topics.matches(filter, topic));
    }

    @Test
    void matches_invalidArguments_throw() {
      assertThrows(IllegalArgumentException.class, () -> Topics.matches("a/b#", "a/b"));
      assertThrows(IllegalArgumentException.class, () -> Topics.matches("a/+", "a/+"));
    }
  }

  @Nested
  class TopicNames {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "a",
          "/",
          "a//b",
          "/a",
          "a/",
          "$SYS/x",
          "$share/g/a",
          "ä/€/\uD83D\uDE00",
          "a b",
          " "
        })
    void validateTopicName_valid_returnsIt(String topic) {
      assertSame(topic, Topics.validateTopicName(topic));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "''      | it is empty",
          "a/+     | it contains '+' at index 2; wildcards are only allowed in subscription filters",
          "a/#     | it contains '#' at index 2",
          "a/b+    | it contains '+' at index 3",
          "#       | it contains '#' at index 0",
        })
    void validateTopicName_invalid_saysWhy(String topic, String why) {
      var e = assertThrows(IllegalArgumentException.class, () -> Topics.validateTopicName(topic));
      assertTrue(
          e.getMessage().startsWith("invalid topic name '" + topic + "': " + why), e.getMessage());
    }

    @Test
    void validateTopicName_nul_isInvalid() {
      var e =
          assertThrows(IllegalArgumentException.class, () -> Topics.validateTopicName("a/\u0000b"));
      assertTrue(e.getMessage().contains("NUL character at index 2"), e.getMessage());
    }

    @Test
    void validateTopicName_null_isInvalid() {
      var e = assertThrows(IllegalArgumentException.class, () -> Topics.validateTopicName(null));
      assertEquals("invalid topic name null: it is missing (null)", e.getMessage());
    }

    @Test
    void validateTopicName_lengthIsCountedInUtf8Bytes() {
      Topics.validateTopicName("a".repeat(65_535));
      Topics.validateTopicName("é".repeat(32_767)); // 65,534 bytes
      Topics.validateTopicName("\uD83D\uDE00".repeat(16_383) + "abc"); // 4 bytes per pair
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> Topics.validateTopicName("é".repeat(32_768)));
      assertTrue(
          e.getMessage().contains("65536 bytes in UTF-8, more than the MQTT limit of 65535"),
          e.getMessage());
      assertThrows(
          IllegalArgumentException.class, () -> Topics.validateTopicName("a".repeat(65_536)));
      assertThrows(
          IllegalArgumentException.class,
          () -> Topics.validateTopicName("\uD83D\uDE00".repeat(16_384)));
    }

    @Test
    void validateTopicName_longTopic_isQuotedShort() {
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> Topics.validateTopicName("a".repeat(70_000)));
      assertTrue(e.getMessage().length() < 300, e.getMessage());
      assertTrue(e.getMessage().contains("(70000 characters)"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD83D", "a/\uDE00", "\uDE00\uD83D"})
    void validateTopicName_unpairedSurrogate_isInvalid(String topic) {
      var e = assertThrows(IllegalArgumentException.class, () -> Topics.validateTopicName(topic));
      assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
    }
  }

  @Nested
  class Filters {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "a",
          "+",
          "#",
          "a/+",
          "a/#",
          "+/+/#",
          "/",
          "/#",
          "a//+",
          "$SYS/#",
          "$share/g/a/#",
          "$share/g/#",
          "$share/g//",
          "$queue/a",
          "$exclusive/+",
          "$share",
          "$queue",
          "$sharex/y",
          "a/$share/g"
        })
    void validateFilter_valid_returnsIt(String filter) {
      assertSame(filter, Topics.validateFilter(filter));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "''                 | it is empty",
          "a/b+               | '+' must be a whole level, but level 2 is 'b+'",
          "a/+x               | '+' must be a whole level, but level 2 is '+x'",
          "a/b#               | '#' must be a whole level, but level 2 is 'b#'",
          "#a                 | '#' must be a whole level, but level 1 is '#a'",
          "++                 | '+' must be a whole level, but level 1 is '++'",
          "a/#/b              | '#' must be the last level, but it is level 2 of 3",
          "#/                 | '#' must be the last level, but it is level 1 of 2",
          "$share/g           | a shared subscription needs a filter after the group: '$share/<group>/<filter>'",
          "$share/            | a shared subscription needs a filter after the group: '$share/<group>/<filter>'",
          "$share/g/          | there is no filter after the prefix",
          "$share//a          | the share group name is empty",
          "$share/g+/a        | the share group name 'g+' contains '+' or '#'",
          "$share/#/a         | the share group name '#' contains '+' or '#'",
          "$queue/            | there is no filter after the prefix",
          "$exclusive/        | there is no filter after the prefix",
          "$share/g/$queue/a  | a second subscription prefix ('$queue/') is not allowed",
          "$queue/$share/g/a  | a second subscription prefix ('$share/') is not allowed",
          "$share/g/a/b#      | '#' must be a whole level, but level 2 is 'b#'",
        })
    void validateFilter_invalid_saysWhy(String filter, String why) {
      var e = assertThrows(IllegalArgumentException.class, () -> Topics.validateFilter(filter));
      assertEquals("invalid topic filter '" + filter + "': " + why, e.getMessage());
    }

    @Test
    void validateFilter_nulAndLength_areInvalid() {
      assertThrows(IllegalArgumentException.class, () -> Topics.validateFilter("a/\u0000/#"));
      Topics.validateFilter("+/".repeat(32_767) + "#"); // 65,535 bytes, 32,768 levels
      assertThrows(
          IllegalArgumentException.class, () -> Topics.validateFilter("+/".repeat(32_768) + "#"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "$share/g/a/#   | a/#",
          "$share/g/h/a   | h/a", // the group ends at the first '/', so a group cannot contain one
          "$share/g//     | /",
          "$queue/a/+     | a/+",
          "$exclusive/a   | a",
          "a/b            | a/b",
          "$share         | $share",
          "$SYS/#         | $SYS/#",
        })
    void stripShare_removesOnePrefix(String filter, String plain) {
      assertEquals(plain, Topics.stripShare(filter));
    }
  }

  @Nested
  class Subsumption {
    // pattern | filter | every topic of the filter is matched by the pattern
    @ParameterizedTest(name = "{0} covers {1} -> {2}")
    @CsvSource(
        delimiter = '|',
        value = {
          "a/+      | a/b          | true",
          "a/+      | a/+          | true",
          "a/+      | a/#          | false",
          "a/+      | a            | false",
          "a/+      | a/           | true",
          "a/#      | a/+          | true",
          "a/#      | a            | true",
          "a/#      | a/#          | true",
          "a/#      | a/+/b/#      | true",
          "a/+/#    | a/#          | false", // a/# also matches a
          "a/b      | a/+          | false",
          "a        | +            | false",
          "+        | +            | true",
          "+        | #            | false",
          "#        | #            | true",
          "#        | +/#          | true",
          "+/#      | #            | true", // no topic has zero levels, so # and +/# are the same
          // set
          "+/+/#    | #            | false",
          "/+/#     | /#           | true", // '/#' cannot match the empty topic either
          "/+       | /#           | false",
          "a/+/#    | a/#          | false",
          "#        | $SYS/#       | false",
          "+/#      | $SYS/#       | false",
          "#        | $SYS         | false",
          "+        | $SYS         | false",
          "$SYS/#   | $SYS/#       | true",
          "$SYS/#   | $SYS/+/x     | true",
          "$SYS/+   | $SYS/x       | true",
          "$SYS/+   | $SYS/#       | false",
          "#        | a/$x/#       | true",
          "+/+      | a/$x         | true",
          "a//#     | a//b         | true",
          "a/+      | $share/g/a/b | true",
          "a/+      | $share/g/a/# | false",
          "a/+      | $queue/a/+   | true",
          "A/+      | a/b          | false",
        })
    void subsumes_matchesTheDefinition(String pattern, String filter, boolean expected) {
      assertEquals(expected, Topics.subsumes(pattern, filter));
    }

    @Test
    void subsumes_patternWithPrefix_isRefused() {
      assertThrows(IllegalArgumentException.class, () -> Topics.subsumes("$share/g/a", "a"));
    }

    // Several patterns can cover a filter that none covers alone: a '#' filter spans every depth,
    // and
    // one pattern may take the parent level while another takes the rest.
    @ParameterizedTest(name = "{0} cover {1} -> {2}")
    @CsvSource(
        delimiter = '|',
        value = {
          "a, a/+/#               | a/#      | true",
          "+, +/+/#               | #        | true",
          "a, a/+, a/+/+/#        | a/#      | true",
          "$SYS, $SYS/+/#         | $SYS/#   | true",
          "a, a/+                 | a/#      | false",
          "a/+, a/+/+/#           | a/#      | false",
          "a, a/+/+/#             | a/#      | false",
          "a/b, a/c               | a/+      | false",
          "#                      | $SYS/#   | false",
          "a, b                   | +        | false",
        })
    void covers_unionOfPatterns(String patterns, String filter, boolean expected) {
      List<String> list = Arrays.stream(patterns.split(",")).map(String::trim).toList();
      assertEquals(expected, Topics.covers(list, filter));
      assertFalse(list.stream().anyMatch(p -> Topics.subsumes(p, filter)) && !expected);
    }
  }

  @Nested
  class HugeInputs {
    @Test
    void matches_tenThousandLevels_isIterative() {
      String topic = "a/".repeat(9_999) + "a";
      String plus = "+/".repeat(9_999) + "+";
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        assertTrue(Topics.matches(plus, topic));
        assertTrue(Topics.matches("a/#", topic));
        assertFalse(Topics.matches("+/".repeat(9_998) + "+", topic));
        assertTrue(Topics.subsumes("#", "+/".repeat(9_999) + "#"));
        assertTrue(Topics.subsumes(plus, topic));
      }
      assertTrue(System.nanoTime() - start < 2_000_000_000L, "20 rounds took over 2 s");
    }
  }
}
