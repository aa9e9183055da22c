package io.emqx.mcp.topic;

import static io.emqx.mcp.topic.TopicRules.Permission.READ;
import static io.emqx.mcp.topic.TopicRules.Permission.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.topic.TopicRules.Decision;
import io.emqx.mcp.topic.TopicRules.Permission;
import io.emqx.mcp.topic.TopicRules.Rule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicRulesTest {

  /** The example from the interface, plus a few grants to try to get around. */
  static final TopicRules POLICY =
      TopicRules.of(
          List.of(
              rule("sensors/+/temperature", READ),
              rule("actuators/#", WRITE),
              rule("a/+", READ),
              rule("logs/#", READ, WRITE),
              rule("$SYS/brokers/+/version", READ),
              rule("Case/Sensitive", READ, WRITE)));

  static Rule rule(String pattern, Permission... permissions) {
    return new Rule(pattern, Set.of(permissions), "");
  }

  @Nested
  class Publish {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "actuators                    | true", // '#' includes its parent level
          "actuators/valve-1            | true",
          "actuators/valve-1/open       | true",
          "actuators/                   | true",
          "logs/x                       | true",
          "Case/Sensitive               | true",
          "case/sensitive               | false", // topics are case-sensitive
          "Actuators/valve-1            | false",
          "sensors/room-1/temperature   | false", // read only
          "a/b                          | false",
          "actuatorsx                   | false",
          "x/actuators/valve            | false",
          "/actuators/valve             | false", // a leading empty level is a level
          "$SYS/actuators               | false",
        })
    void publish_needsWriteOnAMatchingPattern(String topic, boolean allowed) {
      assertEquals(
          allowed, POLICY.checkPublish(topic).allowed(), () -> POLICY.checkPublish(topic).reason());
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"actuators/+", "actuators/#", "actuators/b#", "actuators/+x", "+", "#", ""})
    void publish_wildcardsOrEmpty_areInvalidEvenUnderAWriteGrant(String topic) {
      Decision d = POLICY.checkPublish(topic);
      assertFalse(d.allowed());
      assertTrue(d.reason().startsWith("invalid topic name"), d.reason());
    }

    @Test
    void publish_denied_namesTheWritePatterns() {
      assertEquals(
          new Decision(
              false,
              "no write pattern matches 'a/b' (write patterns: actuators/#, logs/#, Case/Sensitive)"),
          POLICY.checkPublish("a/b"));
    }

    @Test
    void publish_allowed_namesThePattern() {
      assertEquals(
          new Decision(true, "'actuators/v' matches write pattern 'actuators/#'"),
          POLICY.checkPublish("actuators/v"));
    }

    @Test
    void publish_noWriteRules_saysSo() {
      TopicRules readOnly = TopicRules.of(List.of(rule("#", READ)));
      assertEquals(
          "no write pattern matches 'a' (no pattern grants write)",
          readOnly.checkPublish("a").reason());
    }

    @Test
    void publish_hashGrant_doesNotReachDollarTopics() {
      TopicRules all = TopicRules.of(List.of(rule("#", WRITE)));
      assertTrue(all.checkPublish("a/b").allowed());
      assertFalse(all.checkPublish("$SYS/x").allowed());
      assertFalse(all.checkPublish("$share/g/a").allowed());
    }
  }

  @Nested
  class Subscribe {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "sensors/room-1/temperature        | true",
          "sensors/+/temperature             | true",
          "sensors//temperature              | true",
          "sensors/#                         | false",
          "sensors/+/+                       | false",
          "sensors/+/temperature/#           | false", // also sensors/x/temperature/y
          "+/+/temperature                   | false",
          "#                                 | false",
          "a/b                               | true",
          "a/+                               | true",
          "a/#                               | false", // the peer's leak: a grant on a/+ is not a/#
          "a                                 | false",
          "a/b/c                             | false",
          "$share/g/a/+                      | true",
          "$share/g/a/#                      | false",
          "$queue/a/#                        | false",
          "$exclusive/a/#                    | false",
          "$share/g/sensors/+/temperature    | true",
          "logs/#                            | true",
          "logs                              | true",
          "logs/+/+/#                        | true",
          "actuators/#                       | false", // write only
          "Case/Sensitive                    | true",
          "case/sensitive                    | false",
          "$SYS/brokers/+/version            | true",
          "$SYS/brokers/emqx@node1/version   | true",
          "$SYS/#                            | false",
        })
    void subscribe_needsReadCoveringEveryTopic(String filter, boolean allowed) {
      assertEquals(
          allowed,
          POLICY.checkSubscribe(filter).allowed(),
          () -> POLICY.checkSubscribe(filter).reason());
    }

    @Test
    void subscribe_readOnPlus_doesNotAllowHash() {
      assertEquals(
          new Decision(
              false,
              "no read pattern covers every topic of 'a/#' (read patterns: sensors/+/temperature, a/+,"
                  + " logs/#, $SYS/brokers/+/version, Case/Sensitive)"),
          POLICY.checkSubscribe("a/#"));
    }

    @Test
    void subscribe_sharedHashAgainstPlusGrant_isDenied() {
      TopicRules plus = TopicRules.of(List.of(rule("a/+", READ)));
      assertEquals(
          new Decision(
              false, "no read pattern covers every topic of '$share/g/a/#' (read patterns: a/+)"),
          plus.checkSubscribe("$share/g/a/#"));
      assertTrue(plus.checkSubscribe("$share/g/a/b").allowed());
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "a/b#",
          "a/+x",
          "a/#/b",
          "a/b+",
          "#a",
          "$share/g",
          "$share/g+/a/b",
          "$share//a/b",
          "$share/g/$queue/a/b",
          ""
        })
    void subscribe_wildcardInsideLevelOrBadPrefix_isInvalid(String filter) {
      TopicRules all = TopicRules.of(List.of(rule("#", READ)));
      Decision d = all.checkSubscribe(filter);
      assertFalse(d.allowed());
      assertTrue(d.reason().startsWith("invalid topic filter"), d.reason());
      assertFalse(TopicRules.allowAll().checkSubscribe(filter).allowed());
    }

    @Test
    void subscribe_hashGrant_doesNotCoverDollarTopics() {
      TopicRules all = TopicRules.of(List.of(rule("#", READ)));
      assertTrue(all.checkSubscribe("#").allowed());
      assertTrue(all.checkSubscribe("+/x/#").allowed());
      assertFalse(all.checkSubscribe("$SYS/#").allowed());
      assertFalse(all.checkSubscribe("$SYS/x").allowed());
      assertFalse(all.checkSubscribe("$share/g/$SYS/#").allowed());
      TopicRules sys = TopicRules.of(List.of(rule("$SYS/#", READ)));
      assertTrue(sys.checkSubscribe("$SYS/#").allowed());
      assertFalse(sys.checkSubscribe("#").allowed());
    }

    @Test
    void subscribe_hashCoveredOnlyByPatternsTogether_isAllowed() {
      // Neither pattern covers a/# alone (a/# matches a itself), but together they cover all of it.
      TopicRules split = TopicRules.of(List.of(rule("a", READ), rule("a/+/#", READ)));
      assertEquals(
          new Decision(true, "every topic of 'a/#' is covered by read patterns 'a', 'a/+/#'"),
          split.checkSubscribe("a/#"));
      assertFalse(Topics.subsumes("a", "a/#"));
      assertFalse(Topics.subsumes("a/+/#", "a/#"));
      TopicRules gap = TopicRules.of(List.of(rule("a", READ), rule("a/+/+/#", READ)));
      assertFalse(gap.checkSubscribe("a/#").allowed()); // a/x is left out
    }

    @Test
    void subscribe_allowed_namesThePattern() {
      assertEquals(
          new Decision(true, "every topic of 'logs/+' is covered by read pattern 'logs/#'"),
          POLICY.checkSubscribe("logs/+"));
    }

    @Test
    void subscribe_readIsNotImpliedByWrite() {
      TopicRules w = TopicRules.of(List.of(rule("a/#", WRITE)));
      assertEquals(
          "no read pattern covers every topic of 'a/b' (no pattern grants read)",
          w.checkSubscribe("a/b").reason());
    }
  }

  @Nested
  class Config {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "a/b#         | topics[1] (pattern 'a/b#'): '#' must be a whole level, but level 2 is 'b#'",
          "a/+x         | topics[1] (pattern 'a/+x'): '+' must be a whole level, but level 2 is '+x'",
          "a/#/b        | topics[1] (pattern 'a/#/b'): '#' must be the last level, but it is level 2 of 3",
          "''           | topics[1] (pattern ''): it is empty",
          "$share/g/a   | topics[1] (pattern '$share/g/a'): a pattern names topics, so it cannot start with '$share/'",
          "$queue/a     | topics[1] (pattern '$queue/a'): a pattern names topics, so it cannot start with '$queue/'",
        })
    void of_invalidPattern_namesEntryAndReason(String pattern, String message) {
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  TopicRules.of(
                      List.of(rule("ok/#", READ), rule(pattern, READ), rule("also/ok", WRITE))));
      assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void of_noPermissions_isRejected() {
      var e = assertThrows(IllegalArgumentException.class, () -> TopicRules.of(List.of(rule("a"))));
      assertEquals(
          "topics[0] (pattern 'a'): it grants no permission; list read, write or both",
          e.getMessage());
    }

    @Test
    void of_hugePattern_isNamedShort() {
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> TopicRules.of(List.of(rule("a".repeat(70_000), READ))));
      assertTrue(e.getMessage().startsWith("topics[0] (pattern 'aaa"), e.getMessage());
      assertTrue(e.getMessage().contains("70000 bytes in UTF-8"), e.getMessage());
      assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    @Test
    void of_nulInPattern_isRejected() {
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> TopicRules.of(List.of(rule("a/\u0000", READ))));
      assertTrue(e.getMessage().contains("NUL character at index 2"), e.getMessage());
    }

    @Test
    void rule_copiesAndNormalises() {
      Set<Permission> perms = new HashSet<>(List.of(WRITE, READ));
      Rule r = new Rule("a", perms, null);
      perms.clear();
      assertEquals(EnumSet.of(READ, WRITE), r.permissions());
      assertEquals("", r.description());
      assertThrows(UnsupportedOperationException.class, () -> r.permissions().add(READ));
      assertThrows(NullPointerException.class, () -> new Rule(null, Set.of(READ), ""));
    }

    @Test
    void of_copiesTheList() {
      List<Rule> list = new ArrayList<>(List.of(rule("a", READ)));
      TopicRules rules = TopicRules.of(list);
      list.clear();
      assertEquals(List.of(rule("a", READ)), rules.rules());
      assertTrue(rules.isRestricted());
    }

    @ParameterizedTest
    @CsvSource({"read, READ", "write, WRITE", "Read, READ", "WRITE, WRITE"})
    void permission_parse_acceptsConfigNames(String name, Permission expected) {
      assertEquals(expected, Permission.parse(name));
    }

    @Test
    void permission_parse_unknown_listsTheValidOnes() {
      var e = assertThrows(IllegalArgumentException.class, () -> Permission.parse("subscribe"));
      assertEquals("unknown permission 'subscribe'; use read or write", e.getMessage());
    }
  }

  @Nested
  class AllowAll {
    @Test
    void allowAll_andEmptyList_allowEveryValidTopic() {
      for (TopicRules open : List.of(TopicRules.allowAll(), TopicRules.of(List.of()))) {
        assertFalse(open.isRestricted());
        assertEquals(List.of(), open.rules());
        assertTrue(open.checkPublish("$SYS/x").allowed());
        assertTrue(open.checkSubscribe("#").allowed());
        assertTrue(open.checkSubscribe("$share/g/$SYS/#").allowed());
        assertFalse(open.checkPublish("a/+").allowed());
      }
      assertSame(TopicRules.allowAll(), TopicRules.of(List.of()));
    }
  }

  @Nested
  class HugeInputs {
    @Test
    void publish_70000ByteTopic_isRefusedWithAShortReason() {
      Decision d =
          assertTimeoutPreemptively(
              Duration.ofSeconds(2), () -> POLICY.checkPublish("actuators/" + "x".repeat(69_990)));
      assertFalse(d.allowed());
      assertTrue(
          d.reason().contains("70000 bytes in UTF-8, more than the MQTT limit of 65535"),
          d.reason());
      assertTrue(d.reason().length() < 300, d.reason());
      assertFalse(POLICY.checkSubscribe("logs/" + "x/".repeat(35_000)).allowed());
    }

    @Test
    void tenThousandLevels_noStackOverflowAndFast() {
      String deepTopic = "logs/" + "a/".repeat(9_998) + "a";
      String deepFilter = "logs/" + "+/".repeat(9_998) + "#";
      String deepPattern = "+/".repeat(9_999) + "+";
      TopicRules deep =
          TopicRules.of(List.of(rule(deepPattern, READ, WRITE), rule("logs/#", READ, WRITE)));
      assertTimeoutPreemptively(
          Duration.ofSeconds(2),
          () -> {
            for (int i = 0; i < 20; i++) {
              assertTrue(deep.checkPublish(deepTopic).allowed());
              assertTrue(deep.checkSubscribe(deepFilter).allowed());
              assertTrue(deep.checkSubscribe(deepTopic.replace("logs/", "x/")).allowed());
              assertFalse(deep.checkSubscribe(deepFilter.replace("logs/", "x/")).allowed());
              assertFalse(POLICY.checkSubscribe("a/" + "+/".repeat(9_998) + "#").allowed());
            }
          });
    }

    @Test
    void manyPatternsOfEveryDepth_unionStaysLinear() {
      // The worst case for the union: a/, a/+, a/+/+, … each covering one depth of a/#.
      List<Rule> rules = new ArrayList<>();
      for (int depth = 0; depth < 2_000; depth++) {
        rules.add(rule("a" + "/+".repeat(depth), READ));
      }
      rules.add(rule("a" + "/+".repeat(2_000) + "/#", READ));
      TopicRules ladder = TopicRules.of(rules);
      Decision d =
          assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ladder.checkSubscribe("a/#"));
      assertTrue(d.allowed());
      assertTrue(d.reason().endsWith(", and 1981 more"), d.reason());
      assertTrue(d.reason().length() < 5_000, d.reason());
    }
  }

  @Nested
  class Examples {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "sensors/+/temperature   | sensors/sensor-1/temperature, sensors/sensor-2/temperature",
          "actuators/#             | actuators/actuator-1, actuators, actuators/actuator-3/sub-1",
          "#                       | id-1, id-2/sub-1, id-3/sub-1",
          "+                       | id-1, id-2",
          "$SYS/brokers/+/version  | $SYS/brokers/broker-1/version, $SYS/brokers/broker-2/version",
          "devices/status/+        | devices/status/status-1, devices/status/status-2",
          "a/b                     | a/b",
          "a//+                    | a//id-1, a//id-2",
        })
    void examples_giveConcreteTopics(String pattern, String expected) {
      List<String> examples = TopicRules.examples(pattern);
      assertEquals(Arrays.asList(expected.split(", ")), examples);
      for (String topic : examples) {
        assertTrue(Topics.matches(pattern, topic), topic);
      }
    }

    @Test
    void examples_patternAtTheLengthLimit_stillGivesAValidTopic() {
      String pattern = "+/".repeat(32_767) + "#";
      List<String> examples = TopicRules.examples(pattern);
      assertEquals(1, examples.size());
      assertTrue(Topics.matches(pattern, examples.get(0)));
    }

    @Test
    void examples_invalidPattern_throws() {
      assertThrows(IllegalArgumentException.class, () -> TopicRules.examples("a/b#"));
      assertThrows(IllegalArgumentException.class, () -> TopicRules.examples("$share/g/a"));
    }
  }
}
