package io.emqx.mcp.topic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The operator's topic policy: which topics an agent may publish to ({@code write}) and which it
 * may subscribe to or read ({@code read}). Built once from config, immutable, no I/O.
 *
 * <p>A publish needs {@code write} on a pattern that matches the topic. A subscription needs {@code
 * read} on patterns that together match every topic the filter can match, so a grant on {@code a/+}
 * does not allow {@code a/#}. No rules means every valid topic is allowed. Invalid topics and
 * filters are always refused, so a caller never sends EMQX something the policy could not judge.
 */
public final class TopicRules {

  /** What a rule grants. Config spells them {@code read} and {@code write}. */
  public enum Permission {
    READ,
    WRITE;

    /**
     * The permission named in config, ignoring case.
     *
     * @throws IllegalArgumentException for anything but read or write
     */
    public static Permission parse(String name) {
      for (Permission p : values()) {
        if (p.configName().equalsIgnoreCase(String.valueOf(name))) {
          return p;
        }
      }
      throw new IllegalArgumentException("unknown permission '" + name + "'; use read or write");
    }

    /** The name as config spells it. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One entry of {@code topics}. The pattern is checked by {@link TopicRules#of}, which can name
   * the entry; a {@code null} description becomes empty.
   */
  public record Rule(String pattern, Set<Permission> permissions, String description) {
    public Rule {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(permissions, "permissions");
      permissions =
          Collections.unmodifiableSet(
              permissions.isEmpty()
                  ? EnumSet.noneOf(Permission.class)
                  : EnumSet.copyOf(permissions));
      description = description == null ? "" : description;
    }
  }

  /** The verdict, and a reason an agent can act on: why not, and which patterns were considered. */
  public record Decision(boolean allowed, String reason) {
    public Decision {
      Objects.requireNonNull(reason, "reason");
    }
  }

  private static final TopicRules ALLOW_ALL = new TopicRules(List.of());

  /**
   * A reason goes back to an agent: a policy with hundreds of patterns must not flood its context.
   */
  private static final int MAX_NAMED = 20;

  private final List<Rule> rules;
  private final List<String> readPatterns = new ArrayList<>();
  private final List<String[]> readLevels = new ArrayList<>();
  private final List<String> writePatterns = new ArrayList<>();
  private final List<String[]> writeLevels = new ArrayList<>();

  private TopicRules(List<Rule> rules) {
    this.rules = rules;
    for (Rule rule : rules) {
      if (rule.permissions().contains(Permission.READ)) {
        readPatterns.add(rule.pattern());
        readLevels.add(Topics.levels(rule.pattern()));
      }
      if (rule.permissions().contains(Permission.WRITE)) {
        writePatterns.add(rule.pattern());
        writeLevels.add(Topics.levels(rule.pattern()));
      }
    }
  }

  /**
   * The policy for these rules; an empty list allows every topic.
   *
   * @throws IllegalArgumentException for the first bad entry, naming its index in {@code topics},
   *     its pattern and what is wrong with it
   */
  public static TopicRules of(List<Rule> rules) {
    List<Rule> copy = List.copyOf(rules);
    for (int i = 0; i < copy.size(); i++) {
      Rule rule = copy.get(i);
      String problem = Topics.patternProblem(rule.pattern());
      if (problem == null && rule.permissions().isEmpty()) {
        problem = "it grants no permission; list read, write or both";
      }
      if (problem != null) {
        throw new IllegalArgumentException(
            "topics[" + i + "] (pattern " + Topics.quote(rule.pattern()) + "): " + problem);
      }
    }
    return copy.isEmpty() ? ALLOW_ALL : new TopicRules(copy);
  }

  /** No restriction: every valid topic and filter is allowed. */
  public static TopicRules allowAll() {
    return ALLOW_ALL;
  }

  /** False when there are no rules, and so everything valid is allowed. */
  public boolean isRestricted() {
    return !rules.isEmpty();
  }

  /** The rules as configured, in order: what the policy resource shows. */
  public List<Rule> rules() {
    return rules;
  }

  /** May an agent publish to this topic name? Wildcards make it invalid, and so refused. */
  public Decision checkPublish(String topic) {
    String problem = Topics.topicNameProblem(topic);
    if (problem != null) {
      return new Decision(false, "invalid topic name " + Topics.quote(topic) + ": " + problem);
    }
    if (!isRestricted()) {
      return new Decision(true, "no topic rules are configured, so every topic is allowed");
    }
    String[] levels = Topics.levels(topic);
    for (int j = 0; j < writeLevels.size(); j++) {
      if (Topics.matches(writeLevels.get(j), levels)) {
        return new Decision(
            true,
            Topics.quote(topic) + " matches write pattern " + Topics.quote(writePatterns.get(j)));
      }
    }
    return new Decision(
        false,
        "no write pattern matches "
            + Topics.quote(topic)
            + " ("
            + list("write", writePatterns)
            + ")");
  }

  /**
   * May an agent subscribe to (or read) this filter? A topic name is a filter too. {@code
   * $share/<group>/}, {@code $queue/} and {@code $exclusive/} are stripped first, as EMQX does.
   */
  public Decision checkSubscribe(String filter) {
    String problem = Topics.filterProblem(filter);
    if (problem != null) {
      return new Decision(false, "invalid topic filter " + Topics.quote(filter) + ": " + problem);
    }
    if (!isRestricted()) {
      return new Decision(true, "no topic rules are configured, so every topic is allowed");
    }
    // Every filter the subscription reads from must be covered (Topics.readsFrom: the EMQX 6
    // prefixes and '?' message filters are judged by the topics they deliver).
    List<Integer> used = new ArrayList<>();
    for (String read : Topics.readsFrom(filter)) {
      List<Integer> these = Topics.cover(readLevels, Topics.levels(read));
      if (these.isEmpty()) {
        used.clear();
        break;
      }
      for (Integer j : these) {
        if (!used.contains(j)) {
          used.add(j);
        }
      }
    }
    if (used.isEmpty()) {
      return new Decision(
          false,
          "no read pattern covers every topic of "
              + Topics.quote(filter)
              + " ("
              + list("read", readPatterns)
              + ")");
    }
    List<String> names = used.stream().map(j -> Topics.quote(readPatterns.get(j))).toList();
    return new Decision(
        true,
        "every topic of "
            + Topics.quote(filter)
            + " is covered by read pattern"
            + (used.size() > 1 ? "s " : " ")
            + join(names));
  }

  private static String list(String permission, List<String> patterns) {
    return patterns.isEmpty()
        ? "no pattern grants " + permission
        : permission + " patterns: " + join(patterns.stream().map(TopicRules::shorten).toList());
  }

  private static String join(List<String> names) {
    if (names.size() <= MAX_NAMED) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, MAX_NAMED))
        + ", and "
        + (names.size() - MAX_NAMED)
        + " more";
  }

  private static String shorten(String pattern) {
    String quoted = Topics.quote(pattern);
    return quoted.equals("'" + pattern + "'") ? pattern : quoted;
  }

  /**
   * Two or three concrete topics the pattern matches, to show an agent what a rule means: {@code
   * sensors/+/temperature} gives {@code sensors/sensor-1/temperature} and {@code
   * sensors/sensor-2/temperature}; a pattern ending in {@code #} also shows its parent and a deeper
   * topic. A pattern without wildcards is its only example.
   *
   * @throws IllegalArgumentException if the pattern is invalid
   */
  public static List<String> examples(String pattern) {
    String[] levels = Topics.patternLevels(pattern);
    boolean hash = levels[levels.length - 1].equals("#");
    if (!hash && !List.of(levels).contains("+")) {
      return List.of(pattern);
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    add(out, example(levels, 1, 1, true));
    add(out, example(levels, 2, hash && levels.length > 1 ? 0 : 2, true));
    if (hash) {
      add(out, example(levels, 3, 2, true));
    }
    if (out.isEmpty()) {
      // A pattern near the length limit: one-character levels never make it longer.
      out.add(example(levels, 1, levels.length > 1 ? 0 : 1, false));
    }
    return List.copyOf(out);
  }

  private static void add(LinkedHashSet<String> out, String topic) {
    if (Topics.topicNameProblem(topic) == null) {
      out.add(topic);
    }
  }

  /** The pattern with '+' as {@code <stem>-n} and '#' as {@code hashLevels} levels. */
  private static String example(String[] levels, int n, int hashLevels, boolean readable) {
    StringJoiner topic = new StringJoiner("/");
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      String name = readable ? stem(i == 0 ? "" : levels[i - 1]) + "-" + n : "x";
      if (level.equals("+")) {
        topic.add(name);
      } else if (level.equals("#")) {
        for (int d = 0; d < hashLevels; d++) {
          topic.add(d == 0 ? name : readable ? "sub-" + d : "x");
        }
      } else {
        topic.add(level);
      }
    }
    return topic.toString();
  }

  /** A name for a wildcard level from the level above it: "sensors" gives "sensor", else "id". */
  private static String stem(String parent) {
    if (parent.isEmpty() || parent.length() > 24 || !parent.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      return "id";
    }
    boolean plural =
        parent.length() > 3
            && parent.endsWith("s")
            && !(parent.endsWith("ss") || parent.endsWith("us") || parent.endsWith("is"));
    return plural ? parent.substring(0, parent.length() - 1) : parent;
  }
}
