package io.emqx.mcp.topic;

import static io.emqx.mcp.topic.TopicRules.Permission.READ;
import static io.emqx.mcp.topic.TopicRules.Permission.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.topic.TopicRules.Permission;
import io.emqx.mcp.topic.TopicRules.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Checks the clever parts (subsumption, coverage by several patterns, matching) against dumb
 * references: brute force over every topic of a small alphabet, and a regex translation of the MQTT
 * rules.
 */
class TopicsPropertyTest {

  /**
   * The literal levels patterns and filters are made of: '$' for the '$' rule, '' for empty levels.
   */
  private static final List<String> LITERALS = List.of("a", "b", "$d", "");

  /**
   * Every topic of up to 6 levels over the literals plus one fresh level that no pattern names.
   * Without the fresh level a finite alphabet lies: a, b, $s and '' would together seem to cover
   * '+'. Six levels is one more than any generated pattern or filter has, so a '#' also reaches
   * past every pattern.
   */
  private static final List<String[]> TOPICS = enumerateTopics(6);

  private static List<String[]> enumerateTopics(int maxLevels) {
    List<String> alphabet = new ArrayList<>(LITERALS);
    alphabet.add("fresh");
    List<String[]> all = new ArrayList<>();
    List<String[]> previous = List.<String[]>of(new String[0]);
    for (int n = 1; n <= maxLevels; n++) {
      List<String[]> next = new ArrayList<>();
      for (String[] prefix : previous) {
        for (String level : alphabet) {
          String[] topic = Arrays.copyOf(prefix, n);
          topic[n - 1] = level;
          next.add(topic);
        }
      }
      for (String[] topic : next) {
        if (!(topic.length == 1 && topic[0].isEmpty())) { // '' is no topic; '/' is two empty levels
          all.add(topic);
        }
      }
      previous = next;
    }
    return all;
  }

  /** Brute force: every enumerated topic the filter matches is matched by one of the patterns. */
  private static boolean bruteCovers(List<String> patterns, String filter) {
    return covers(patterns, Topics.stripShare(filter), TOPICS);
  }

  /**
   * Whether a subscription may be made, written independently: '$queue/' reads what EMQX 5 reads
   * (the rest) and what EMQX 6 reads (the queue's filter after its name; every topic without one).
   */
  private static boolean bruteAllows(List<String> patterns, String filter) {
    boolean allowed = bruteCovers(patterns, filter);
    if (filter.startsWith("$queue/")) {
      String rest = filter.substring("$queue/".length());
      int slash = rest.indexOf('/');
      String six = slash < 0 || slash == rest.length() - 1 ? "#" : rest.substring(slash + 1);
      allowed &= covers(patterns, six, TOPICS);
    }
    return allowed;
  }

  // ---- the reasoning behind subsumption, pinned as examples ----

  /**
   * Why the enumeration has a fresh level: over a, b, $d and '' alone, four literals look like '+'.
   */
  @Example
  void bruteForce_withoutAFreshLevel_wouldTakeLiteralsForAWildcard() {
    List<String> literals = List.of("x/a", "x/b", "x/$d", "x/");
    List<String[]> withoutFresh =
        TOPICS.stream()
            .filter(t -> Arrays.stream(t).noneMatch("fresh"::equals))
            .map(t -> prefixed("x", t))
            .toList();
    List<String[]> withFresh = TOPICS.stream().map(t -> prefixed("x", t)).toList();
    assertTrue(covers(literals, "x/+", withoutFresh), "the finite alphabet lies");
    assertFalse(covers(literals, "x/+", withFresh));
    assertFalse(Topics.covers(literals, "x/+"));
  }

  /**
   * "Some single read pattern subsumes the filter" is not the same as the contract: a filter ending
   * in '#' matches its parent level too, and another pattern can take that depth.
   */
  @Example
  void singlePatternClaim_failsForHash_butCoverageHolds() {
    assertTrue(bruteCovers(List.of("a", "a/+/#"), "a/#"));
    assertFalse(Topics.subsumes("a", "a/#") || Topics.subsumes("a/+/#", "a/#"));
    assertTrue(Topics.covers(List.of("a", "a/+/#"), "a/#"));
    assertTrue(bruteCovers(List.of("+", "+/+/#"), "#"));
    assertTrue(Topics.covers(List.of("+", "+/+/#"), "#"));
  }

  private static String[] prefixed(String first, String[] topic) {
    String[] out = new String[topic.length + 1];
    out[0] = first;
    System.arraycopy(topic, 0, out, 1, topic.length);
    return out;
  }

  private static boolean covers(List<String> patterns, String filter, List<String[]> topics) {
    String[] f = Topics.levels(filter);
    List<String[]> ps = patterns.stream().map(Topics::levels).toList();
    return topics.stream()
        .filter(t -> Topics.matches(f, t))
        .allMatch(t -> ps.stream().anyMatch(p -> Topics.matches(p, t)));
  }

  // ---- subsumption and coverage ----

  @Property(tries = 1500)
  @StatisticsReport(onFailureOnly = true)
  void subsumes_agreesWithBruteForce(
      @ForAll("patterns") String pattern, @ForAll("filtersNear") String filter) {
    boolean expected = bruteCovers(List.of(pattern), filter);
    Statistics.label("subsumed").collect(expected);
    assertEquals(expected, Topics.subsumes(pattern, filter), () -> pattern + " covers " + filter);
    Statistics.label("subsumed").coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label("subsumed").coverage(c -> c.check(false).percentage(p -> p > 20));
  }

  /**
   * The decision for a subscription is exactly "the read patterns together cover the filter". A
   * single subsuming pattern is enough but not needed: a/# is covered by a and a/+/# together. Only
   * a filter ending in '#' can need several patterns, since it spans every depth; for the others
   * one pattern is needed, which the third assertion pins down.
   */
  @Property(tries = 1500)
  @StatisticsReport(onFailureOnly = true)
  void checkSubscribe_isCoverageByTheReadPatterns(
      @ForAll("ruleSets") List<Rule> rules, @ForAll("filtersAny") String filter) {
    TopicRules policy = TopicRules.of(rules);
    List<String> read =
        rules.stream().filter(r -> r.permissions().contains(READ)).map(Rule::pattern).toList();
    boolean expected = rules.isEmpty() || bruteAllows(read, filter);
    // Subsumption speaks of the EMQX 5 reading; '$queue/' is also read as EMQX 6 reads it.
    boolean single =
        !filter.startsWith("$queue/") && read.stream().anyMatch(p -> Topics.subsumes(p, filter));
    boolean allowed = policy.checkSubscribe(filter).allowed();

    assertEquals(
        expected,
        allowed,
        () -> rules + " / " + filter + ": " + policy.checkSubscribe(filter).reason());
    assertTrue(!single || allowed, "a subsuming pattern always allows");
    if (!filter.endsWith("#") && !rules.isEmpty() && !filter.startsWith("$queue/")) {
      assertEquals(single, allowed, "without '#' one pattern must cover the filter alone");
    }
    Statistics.label("case")
        .collect(!allowed ? "denied" : single || rules.isEmpty() ? "one pattern" : "only together");
    eachCaseOverATenth("denied", "one pattern");
  }

  /**
   * Random rule sets rarely split a filter between patterns, so here they are made to: a filter p/#
   * against some of p, p/+, p/+/+, p/+/+/+ and one p/+.../# from some depth, with gaps left at
   * random. The space is small enough that jqwik tries all of it.
   */
  @Property(tries = 1000)
  @StatisticsReport(onFailureOnly = true)
  void checkSubscribe_depthsSplitBetweenPatterns_isCoverage(
      @ForAll("ladders") Tuple2<List<Rule>, String> ladder) {
    List<Rule> rules = ladder.get1();
    String filter = ladder.get2();
    List<String> patterns = rules.stream().map(Rule::pattern).toList();
    boolean expected = bruteCovers(patterns, filter);
    boolean single = patterns.stream().anyMatch(p -> Topics.subsumes(p, filter));
    assertEquals(expected, Topics.covers(patterns, filter), () -> patterns + " / " + filter);
    assertEquals(
        expected || rules.isEmpty(), TopicRules.of(rules).checkSubscribe(filter).allowed());
    Statistics.label("case")
        .collect(!expected ? "denied" : single ? "one pattern" : "only together");
    eachCaseOverATenth("only together", "denied");
  }

  @Property(tries = 1000)
  void checkPublish_isSomeWritePatternMatching(
      @ForAll("ruleSets") List<Rule> rules, @ForAll("topicNames") String topic) {
    TopicRules policy = TopicRules.of(rules);
    boolean expected =
        rules.isEmpty()
            || rules.stream()
                .anyMatch(r -> r.permissions().contains(WRITE) && regexMatches(r.pattern(), topic));
    assertEquals(expected, policy.checkPublish(topic).allowed(), () -> rules + " / " + topic);
  }

  /** A topic name is a filter of one topic: covering it is matching it. */
  @Property(tries = 1000)
  void subsumes_ofATopicName_isMatches(
      @ForAll("patterns") String pattern, @ForAll("topicNames") String topic) {
    assertEquals(Topics.matches(pattern, topic), Topics.subsumes(pattern, topic));
  }

  // ---- matching and validation against regex references ----

  @Property(tries = 2000)
  @StatisticsReport(onFailureOnly = true)
  void matches_agreesWithRegexReference(
      @ForAll("filtersAny") String filter, @ForAll("topicNames") String topic) {
    boolean expected = regexMatches(filter, topic);
    Statistics.label("matches").collect(expected);
    assertEquals(expected, Topics.matches(filter, topic), () -> filter + " ~ " + topic);
    Statistics.label("matches").coverage(c -> c.check(true).percentage(p -> p > 10));
  }

  @Property(tries = 2000)
  void validateFilter_agreesWithLevelReference(@ForAll("rawStrings") String s) {
    assertEquals(referenceFilterValid(s), Topics.filterProblem(s) == null, () -> "'" + s + "'");
    assertEquals(
        !s.isEmpty() && s.indexOf('+') < 0 && s.indexOf('#') < 0,
        Topics.topicNameProblem(s) == null);
  }

  @Property(tries = 1000)
  void examples_areValidTopicsThePatternMatches(@ForAll("wordPatterns") String pattern) {
    List<String> examples = TopicRules.examples(pattern);
    assertTrue(examples.size() >= 1 && examples.size() <= 3, examples::toString);
    assertEquals(examples.size(), new HashSet<>(examples).size(), "distinct");
    for (String topic : examples) {
      assertNull(Topics.topicNameProblem(topic), topic);
      assertTrue(Topics.matches(pattern, topic), () -> pattern + " ~ " + topic);
    }
  }

  /**
   * MQTT matching written independently: '+' is "[^/]*", a trailing "/#" is "(/.*)?", a lone '#' is
   * ".*", and a leading wildcard may not meet a '$'.
   */
  static boolean regexMatches(String filter, String topic) {
    String plain = filter.replaceFirst("^(\\$share/[^/]+/|\\$queue/|\\$exclusive/)", "");
    String[] levels = plain.split("/", -1);
    StringBuilder re =
        new StringBuilder(plain.startsWith("+") || plain.startsWith("#") ? "(?!\\$)" : "");
    for (int i = 0; i < levels.length; i++) {
      if (levels[i].equals("#")) {
        re.append(i == 0 ? ".*" : "(/.*)?");
        break;
      }
      re.append(i == 0 ? "" : "/")
          .append(levels[i].equals("+") ? "[^/]*" : Pattern.quote(levels[i]));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(topic).matches();
  }

  /** Plain-filter validity, level by level (no prefixes in the generated strings). */
  static boolean referenceFilterValid(String s) {
    if (s.isEmpty()) {
      return false;
    }
    String[] levels = s.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String l = levels[i];
      boolean wild = l.contains("+") || l.contains("#");
      if (wild && !(l.equals("+") || l.equals("#") && i == levels.length - 1)) {
        return false;
      }
    }
    return true;
  }

  // ---- generators ----

  private static String join(List<String> levels, boolean hash) {
    List<String> all = new ArrayList<>(levels);
    if (hash) {
      all.add("#");
    }
    return String.join("/", all);
  }

  /** Up to four levels of literals and '+', perhaps a final '#'; at most five levels. */
  @Provide
  Arbitrary<String> patterns() {
    List<String> levels = new ArrayList<>(LITERALS);
    levels.add("+");
    return Combinators.combine(
            Arbitraries.of(levels).list().ofMaxSize(4), Arbitraries.of(true, false))
        .as(TopicsPropertyTest::join)
        .filter(p -> !p.isEmpty());
  }

  /** Filters unrelated to any pattern, sometimes behind a subscription prefix. */
  @Provide
  Arbitrary<String> filtersAny() {
    return Combinators.combine(
            Arbitraries.of("", "", "", "$share/g/", "$queue/", "$exclusive/"), patterns())
        .as(String::concat);
  }

  /**
   * Filters half the time made from a pattern by narrowing it, so that subsumption is often true.
   */
  @Provide
  Arbitrary<String> filtersNear() {
    return Arbitraries.oneOf(
        filtersAny(), patterns().flatMap(TopicsPropertyTest::narrowed).filter(f -> !f.isEmpty()));
  }

  /** Replaces some '+' by a level and the '#' by some levels, maybe ending in '+' or '#' again. */
  private static Arbitrary<String> narrowed(String pattern) {
    String[] levels = Topics.levels(pattern);
    List<String> choices = new ArrayList<>(LITERALS);
    choices.add("+");
    Arbitrary<List<String>> replacements = Arbitraries.of(choices).list().ofSize(levels.length);
    Arbitrary<List<String>> tail = Arbitraries.of(choices).list().ofMaxSize(2);
    return Combinators.combine(replacements, tail, Arbitraries.of(true, false))
        .as(
            (repl, extra, hash) -> {
              List<String> out = new ArrayList<>();
              for (int i = 0; i < levels.length; i++) {
                if (levels[i].equals("#")) {
                  out.addAll(extra);
                  String joined = join(out, hash);
                  return joined.isEmpty() ? "#" : joined;
                }
                out.add(levels[i].equals("+") ? repl.get(i) : levels[i]);
              }
              return String.join("/", out);
            });
  }

  /** Topic names over the same literals plus a fresh level, up to six levels. */
  @Provide
  Arbitrary<String> topicNames() {
    Arbitrary<String> structured =
        Arbitraries.of("a", "b", "$d", "", "fresh", "$")
            .list()
            .ofMinSize(1)
            .ofMaxSize(6)
            .map(l -> String.join("/", l));
    Arbitrary<String> raw = Arbitraries.strings().withChars("ab$/").ofMinLength(1).ofMaxLength(10);
    return Arbitraries.oneOf(structured, raw).filter(t -> !t.isEmpty());
  }

  /** Arbitrary strings of the characters that matter to validity. */
  @Provide
  Arbitrary<String> rawStrings() {
    return Arbitraries.strings().withChars("a/+#$").ofMaxLength(8);
  }

  /** Zero to four rules over generated patterns, each with read, write or both. */
  @Provide
  Arbitrary<List<Rule>> ruleSets() {
    Arbitrary<Set<Permission>> perms =
        Arbitraries.of(Set.of(READ), Set.of(WRITE), Set.of(READ, WRITE));
    Arbitrary<Rule> rule = Combinators.combine(patterns(), perms).as((p, s) -> new Rule(p, s, ""));
    return rule.list().ofMaxSize(4);
  }

  /** A filter ending in '#' and read rules that each take some of its depths. */
  @Provide
  Arbitrary<Tuple2<List<Rule>, String>> ladders() {
    List<String> prefixes = new ArrayList<>(LITERALS);
    prefixes.addAll(List.of("+", "$d/a", "+/b"));
    Arbitrary<Set<Integer>> depths = Arbitraries.integers().between(0, 3).set();
    Arbitrary<Integer> rayFrom = Arbitraries.integers().between(-1, 3); // -1: no '#' pattern
    return Combinators.combine(Arbitraries.of(prefixes), depths, rayFrom)
        .as(
            (prefix, exact, ray) -> {
              List<Rule> rules = new ArrayList<>();
              String base =
                  prefix.isEmpty() ? "" : prefix; // '' gives the filter '/#', patterns '', '/+', …
              for (int d : exact) {
                String pattern = base + "/+".repeat(d);
                if (!pattern.isEmpty()) {
                  rules.add(new Rule(pattern, Set.of(READ), ""));
                }
              }
              if (ray >= 0) {
                rules.add(new Rule(base + "/+".repeat(ray) + "/#", Set.of(READ), ""));
              }
              return Tuple.of(rules, base + "/#");
            });
  }

  /** Patterns that look like an operator's, for the examples. */
  @Provide
  Arbitrary<String> wordPatterns() {
    Arbitrary<String> level =
        Arbitraries.of("sensors", "status", "devices", "$SYS", "a", "", "+", "room-1");
    return Combinators.combine(level.list().ofMaxSize(4), Arbitraries.of(true, false))
        .as(TopicsPropertyTest::join)
        .filter(p -> !p.isEmpty());
  }

  /**
   * Each of these values of the "case" label was collected in more than a tenth of the tries: the
   * generators reach the cases the property is about (jqwik fails the property otherwise).
   */
  static void eachCaseOverATenth(String... cases) {
    Statistics.label("case")
        .coverage(
            c -> {
              for (String name : cases) {
                c.check(name).percentage(p -> p > 10);
              }
            });
  }
}
