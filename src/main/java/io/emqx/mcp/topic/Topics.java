package io.emqx.mcp.topic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MQTT topic names and filters as EMQX treats them: validation, the subscription prefixes, matching
 * and subsumption. Pure functions over strings.
 *
 * <p>Levels are split on every {@code /}, so empty levels are real: {@code a//b} has three levels
 * and {@code /a} two. {@code +} matches exactly one level, {@code #} any number of levels, zero
 * included ({@code a/#} matches {@code a}), and both must stand alone as a level, {@code #} only as
 * the last. A filter whose first level is a wildcard never matches a topic starting with {@code $}
 * ({@code #} does not match {@code $SYS/x}). Comparison is exact: topics are case-sensitive.
 *
 * <p>The validators are public so that tool handlers can refuse a bad argument before anything is
 * sent to EMQX, with the same rules the topic policy uses.
 */
public final class Topics {
  /** MQTT strings carry a two-byte length, so no topic or filter can be longer in UTF-8. */
  static final int MAX_BYTES = 65_535;

  // The prefixes EMQX strips from a subscription before matching (emqx_topic:parse/2). $exclusive
  // is
  // EMQX's own; leaving it unstripped would have the policy judge a filter the broker never uses.
  private static final String SHARE = "$share/";
  private static final String QUEUE = "$queue/";
  private static final String EXCLUSIVE = "$exclusive/";

  // EMQX 6 subscription prefixes. $q/<filter> consumes the message queue bound to <filter>
  // (apps/emqx_mq/src/emqx_mq_extsub_handler.erl check_mq_topic_filter/2, release-63), which
  // also reads $queue/<name>/<filter> as the queue <name>; $s/<start>/<filter> and
  // $stream/<name>[/<filter>] read a stream (apps/emqx_streams/src/emqx_streams_extsub_handler.erl
  // check_stream_subscribe_topic_filter/2, release-63). None of them takes a '?' message filter
  // (apps/emqx/src/emqx_packet.erl is_restricted_filtered_topic/1, release-63).
  private static final String MQ = "$q/";
  private static final String STREAM = "$s/";
  private static final String NAMED_STREAM = "$stream/";

  private Topics() {}

  /**
   * Checks a topic name, the target of a publish: non-empty, at most 65535 bytes of well-formed
   * UTF-8, no NUL and no wildcard.
   *
   * @return {@code topic}, for chaining
   * @throws IllegalArgumentException saying what is wrong, with the topic quoted (shortened if
   *     long)
   */
  public static String validateTopicName(String topic) {
    String problem = topicNameProblem(topic);
    if (problem != null) {
      throw new IllegalArgumentException("invalid topic name " + quote(topic) + ": " + problem);
    }
    return topic;
  }

  /**
   * Checks a subscription filter, which may carry a {@code $share/<group>/}, {@code $queue/} or
   * {@code $exclusive/} prefix. Besides the rules for topic names, {@code +} and {@code #} must
   * each be a whole level and {@code #} the last one.
   *
   * @return {@code filter}, for chaining
   * @throws IllegalArgumentException saying what is wrong, with the filter quoted (shortened if
   *     long)
   */
  public static String validateFilter(String filter) {
    String problem = filterProblem(filter);
    if (problem != null) {
      throw new IllegalArgumentException("invalid topic filter " + quote(filter) + ": " + problem);
    }
    return filter;
  }

  /**
   * Whether a subscription with {@code filter} receives a message published to {@code topic}. The
   * subscription prefixes are stripped first, as EMQX does.
   *
   * @throws IllegalArgumentException if either argument is invalid
   */
  public static boolean matches(String filter, String topic) {
    validateFilter(filter);
    validateTopicName(topic);
    return matches(levels(stripShare(filter)), levels(topic));
  }

  /**
   * Whether every topic {@code filter} can match is matched by {@code pattern} alone: a grant on
   * the pattern then covers the whole subscription. The filter's prefix is stripped; the pattern
   * may have none. The policy uses {@link #covers}, which also lets several patterns share the
   * work.
   */
  static boolean subsumes(String pattern, String filter) {
    return !cover(List.<String[]>of(patternLevels(pattern)), filterLevels(filter)).isEmpty();
  }

  /**
   * Whether the patterns together match every topic {@code filter} can match. This is more than
   * "some single pattern subsumes the filter": {@code a} and {@code a/+/#} together cover {@code
   * a/#}.
   */
  static boolean covers(List<String> patterns, String filter) {
    List<String[]> split = new ArrayList<>(patterns.size());
    for (String p : patterns) {
      split.add(patternLevels(p));
    }
    return !cover(split, filterLevels(filter)).isEmpty();
  }

  /**
   * Removes a {@code $share/<group>/}, {@code $queue/} or {@code $exclusive/} prefix. Checks the
   * prefix itself (a group name, a non-empty rest, no second prefix) but not the filter that
   * remains.
   *
   * @throws IllegalArgumentException if the prefix is malformed
   */
  static String stripShare(String filter) {
    Stripped stripped = strip(filter);
    if (stripped.problem() != null) {
      throw new IllegalArgumentException(
          "invalid topic filter " + quote(filter) + ": " + stripped.problem());
    }
    return stripped.rest();
  }

  // ---- the pieces TopicRules builds on: problems as strings, so callers choose how to report them
  // ----

  /** Why {@code topic} is not a valid topic name, or null if it is. */
  static String topicNameProblem(String topic) {
    String problem = stringProblem(topic);
    if (problem != null) {
      return problem;
    }
    int at = indexOfWildcard(topic);
    if (at >= 0) {
      return "it contains '"
          + topic.charAt(at)
          + "' at index "
          + at
          + "; wildcards are only allowed in subscription filters";
    }
    return null;
  }

  /** Why {@code filter} (prefixes allowed) is not a valid subscription filter, or null if it is. */
  static String filterProblem(String filter) {
    String problem = stringProblem(filter);
    if (problem != null) {
      return problem;
    }
    Reads reads = reads(filter);
    if (reads.problem() != null) {
      return reads.problem();
    }
    for (String f : reads.filters()) {
      problem = levelsProblem(f);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /**
   * The plain filters whose messages a subscription to {@code filter} (valid: {@link
   * #filterProblem} is null) can deliver, every one of which the policy must allow: what EMQX 5 and
   * 6 read behind each prefix, so that no prefix side-steps a policy. Where EMQX versions read a
   * prefix differently ({@code $queue/a/b} is the shared {@code a/b} in 5.x and the queue {@code a}
   * of {@code b} in 6.x) both count; where the filter is EMQX's own state ({@code $stream/<name>},
   * {@code $queue/<name>}: a stream or queue bound to a filter when it was made) it counts as
   * {@code #}. A 6.2 message filter ({@code devices/x?qos=1}, apps/emqx/src/
   * emqx_subscription_filter.erl split_topic_filter/1, release-63) reads the filter before the
   * first {@code ?}; where the message filter is off, EMQX takes the whole text literally, which
   * counts too when it is a valid filter.
   */
  static List<String> readsFrom(String filter) {
    Reads reads = reads(filter);
    if (reads.problem() != null) {
      throw new IllegalArgumentException(
          "invalid topic filter " + quote(filter) + ": " + reads.problem());
    }
    return reads.filters();
  }

  private record Reads(List<String> filters, String problem) {
    static Reads bad(String problem) {
      return new Reads(List.of(), problem);
    }
  }

  private static Reads reads(String filter) {
    String six = sixUnderlying(filter);
    if (six != null) {
      return new Reads(List.of(six), null);
    }
    Stripped stripped = strip(filter);
    if (stripped.problem() != null) {
      return Reads.bad(stripped.problem());
    }
    String rest = stripped.rest();
    if (startsWithSixPrefix(rest)) {
      return Reads.bad("a second subscription prefix is not allowed");
    }
    List<String> out = new ArrayList<>();
    int q = rest.indexOf('?');
    if (q >= 0) {
      if (filter.startsWith(QUEUE)) {
        return Reads.bad("EMQX takes no '?' message filter after '$queue/'");
      }
      if (q == 0) {
        return Reads.bad("there is no filter before the '?' message filter");
      }
      out.add(rest.substring(0, q));
      if (levelsProblem(rest) == null) {
        out.add(rest);
      }
    } else {
      out.add(rest);
    }
    if (filter.startsWith(QUEUE)) {
      int slash = rest.indexOf('/');
      out.add(slash < 0 || slash == rest.length() - 1 ? "#" : rest.substring(slash + 1));
    }
    return new Reads(List.copyOf(out), null);
  }

  /**
   * The filter behind a well-formed EMQX 6 queue or stream prefix, or null when {@code filter} has
   * none or is not well-formed for EMQX 6 (EMQX 5 then reads it as a plain {@code $}-topic filter,
   * and so does the policy).
   */
  private static String sixUnderlying(String filter) {
    for (String prefix : List.of(MQ, STREAM, NAMED_STREAM)) {
      if (!filter.startsWith(prefix)) {
        continue;
      }
      String rest = filter.substring(prefix.length());
      int slash = rest.indexOf('/');
      String read;
      if (prefix.equals(MQ)) {
        read = rest;
      } else if (prefix.equals(STREAM)) {
        read = slash <= 0 ? "" : rest.substring(slash + 1);
      } else {
        // $stream/<name>: the stream's own filter, unknown here, so every topic.
        read = slash == 0 || rest.isEmpty() ? "" : slash < 0 ? "#" : rest.substring(slash + 1);
      }
      boolean wellFormed =
          !read.isEmpty()
              && rest.indexOf('?') < 0
              && subscriptionPrefix(read) == null
              && !startsWithSixPrefix(read)
              && levelsProblem(read) == null;
      return wellFormed ? read : null;
    }
    return null;
  }

  private static boolean startsWithSixPrefix(String s) {
    return s.startsWith(MQ) || s.startsWith(STREAM) || s.startsWith(NAMED_STREAM);
  }

  /** Why {@code pattern} cannot be a policy pattern, or null if it can. */
  static String patternProblem(String pattern) {
    String problem = stringProblem(pattern);
    if (problem != null) {
      return problem;
    }
    String prefix = subscriptionPrefix(pattern);
    if (prefix != null) {
      // A pattern names topics; the prefix is a way of subscribing and is stripped from filters
      // before
      // they are checked, so a pattern that keeps it would never cover anything the operator meant.
      return "a pattern names topics, so it cannot start with '"
          + prefix
          + "'; write the plain filter (the prefix is stripped from subscriptions before checking)";
    }
    return levelsProblem(pattern);
  }

  static String[] levels(String s) {
    return s.split("/", -1);
  }

  /** Levels of a valid filter with its prefix stripped. */
  static String[] filterLevels(String filter) {
    validateFilter(filter);
    return levels(stripShare(filter));
  }

  static String[] patternLevels(String pattern) {
    String problem = patternProblem(pattern);
    if (problem != null) {
      throw new IllegalArgumentException("invalid pattern " + quote(pattern) + ": " + problem);
    }
    return levels(pattern);
  }

  /** MQTT matching of a plain (unprefixed) filter against a topic name; iterative, linear. */
  static boolean matches(String[] filter, String[] topic) {
    if (topic[0].startsWith("$") && isWildcard(filter[0])) {
      return false;
    }
    for (int i = 0; i < filter.length; i++) {
      if (filter[i].equals("#")) {
        return true; // the topic has at least i levels here, and '#' takes any rest, even none
      }
      if (i >= topic.length || !(filter[i].equals("+") || filter[i].equals(topic[i]))) {
        return false;
      }
    }
    return filter.length == topic.length;
  }

  /**
   * Which of {@code patterns} together cover every topic of {@code filter}: their indices, or an
   * empty list if they do not. A single covering pattern is preferred.
   *
   * <p>Why this is exact: write the filter as a fixed prefix {@code f[0..h)} of literals and {@code
   * +}, then, if it ends in {@code #}, any tail of k more levels. For one tail length k the topics
   * are a product of literals and unbounded sets of level strings, so one topic with a fresh string
   * at every wildcard decides it: a pattern matches that topic iff it matches all topics of that
   * length. A pattern without {@code #} thus covers exactly one k, and a pattern ending in {@code
   * #} every k from some k0 on. The filter is covered iff the union of those reaches every k it
   * needs, which a single pattern need not do alone: {@code a} (k = 0) and {@code a/+/#} (k >= 1)
   * together cover {@code a/#}.
   *
   * <p>One simplification, on the safe side: the 65535-byte limit means a filter near it has no
   * topics past some depth, so in theory patterns without '#' could cover it; this check still asks
   * for one ending in '#', and so can only deny such a filter, never let one through.
   */
  static List<Integer> cover(List<String[]> patterns, String[] filter) {
    boolean hashF = last(filter).equals("#");
    int h = hashF ? filter.length - 1 : filter.length;
    // '#' stands for zero levels only if what is left is a topic: not for '#' alone (no levels) nor
    // for
    // '/#' (one empty level is the empty string). So '#' equals '+/#', and '/#' equals '/+/#'.
    int kmin = hashF && (h == 0 || h == 1 && filter[0].isEmpty()) ? 1 : 0;

    int rayStart = Integer.MAX_VALUE;
    int rayIndex = -1;
    int[] exactIndex =
        new int[0]; // exactIndex[k]: first pattern covering exactly tail length k, + 1
    for (int j = 0; j < patterns.size(); j++) {
      String[] p = patterns.get(j);
      boolean hashP = last(p).equals("#");
      int reach = reach(p, hashP, filter, h);
      if (reach < 0) {
        continue;
      }
      boolean alone = hashP ? reach <= kmin : reach == kmin && !hashF;
      if (alone) {
        return List.of(j);
      }
      if (hashP && reach < rayStart) {
        rayStart = reach;
        rayIndex = j;
      } else if (!hashP) {
        if (reach >= exactIndex.length) {
          exactIndex = Arrays.copyOf(exactIndex, Math.max(reach + 1, 2 * exactIndex.length));
        }
        if (exactIndex[reach] == 0) {
          exactIndex[reach] = j + 1;
        }
      }
    }
    if (!hashF || rayIndex < 0) {
      return List.of();
    }
    List<Integer> used = new ArrayList<>();
    for (int k = kmin; k < rayStart; k++) {
      if (k >= exactIndex.length || exactIndex[k] == 0) {
        return List.of();
      }
      used.add(exactIndex[k] - 1);
    }
    used.add(rayIndex);
    return used;
  }

  /**
   * The tail lengths k of the filter's topics that pattern {@code p} matches: -1 for none; else the
   * only k if {@code p} has no '#', or the least k of an unbounded run if it has.
   */
  private static int reach(String[] p, boolean hashP, String[] f, int h) {
    int q = hashP ? p.length - 1 : p.length;
    // The '$' rule: the filter's topics start with a '$' literal; a leading wildcard cannot take
    // them.
    if (h > 0 && f[0].startsWith("$") && (q == 0 || p[0].equals("+"))) {
      return -1;
    }
    int common = Math.min(q, h);
    for (int i = 0; i < common; i++) {
      if (!p[i].equals("+") && !p[i].equals(f[i])) {
        return -1; // a literal in the pattern against a '+' or another literal in the filter
      }
    }
    for (int i = h; i < q; i++) {
      if (!p[i].equals("+")) {
        return -1; // the filter's '#' puts arbitrary levels here
      }
    }
    if (hashP) {
      return Math.max(0, q - h);
    }
    return q >= h ? q - h : -1;
  }

  // ---- validation pieces ----

  /** Empty, NUL, ill-formed UTF-16 (it has no UTF-8 form) or too long; null if none of these. */
  private static String stringProblem(String s) {
    if (s == null) {
      return "it is missing (null)";
    }
    if (s.isEmpty()) {
      return "it is empty";
    }
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return "it contains a NUL character at index " + i;
      }
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return "it contains an unpaired surrogate at index " + i + ", which has no UTF-8 form";
      } else {
        bytes += 3;
      }
    }
    if (bytes > MAX_BYTES) {
      return "it is " + bytes + " bytes in UTF-8, more than the MQTT limit of " + MAX_BYTES;
    }
    return null;
  }

  /** A filter without its prefix, or why the prefix is malformed (then {@code rest} is null). */
  private record Stripped(String rest, String problem) {
    static Stripped bad(String problem) {
      return new Stripped(null, problem);
    }
  }

  private static Stripped strip(String filter) {
    String rest;
    if (filter.startsWith(SHARE)) {
      int slash = filter.indexOf('/', SHARE.length());
      if (slash < 0) {
        return Stripped.bad(
            "a shared subscription needs a filter after the group: '$share/<group>/<filter>'");
      }
      String group = filter.substring(SHARE.length(), slash);
      if (group.isEmpty()) {
        return Stripped.bad("the share group name is empty");
      }
      if (indexOfWildcard(group) >= 0) {
        return Stripped.bad("the share group name '" + group + "' contains '+' or '#'");
      }
      rest = filter.substring(slash + 1);
    } else if (filter.startsWith(QUEUE)) {
      rest = filter.substring(QUEUE.length());
    } else if (filter.startsWith(EXCLUSIVE)) {
      rest = filter.substring(EXCLUSIVE.length());
    } else {
      return new Stripped(filter, null);
    }
    if (rest.isEmpty()) {
      return Stripped.bad("there is no filter after the prefix");
    }
    String nested = subscriptionPrefix(rest);
    if (nested != null) {
      // EMQX versions disagree on whether a second prefix is stripped or kept; refuse rather than
      // guess.
      return Stripped.bad("a second subscription prefix ('" + nested + "') is not allowed");
    }
    return new Stripped(rest, null);
  }

  private static String subscriptionPrefix(String s) {
    for (String prefix : List.of(SHARE, QUEUE, EXCLUSIVE)) {
      if (s.startsWith(prefix)) {
        return prefix;
      }
    }
    return null;
  }

  /** Wildcards as whole levels, '#' last; null if the plain filter is well-formed. */
  private static String levelsProblem(String filter) {
    int level = 1;
    int start = 0;
    for (int i = 0; i <= filter.length(); i++) {
      if (i < filter.length() && filter.charAt(i) != '/') {
        continue;
      }
      int wildcard = indexOfWildcard(filter, start, i);
      if (wildcard >= 0) {
        char c = filter.charAt(wildcard);
        if (i - start != 1) {
          return "'"
              + c
              + "' must be a whole level, but level "
              + level
              + " is "
              + quote(filter.substring(start, i));
        }
        if (c == '#' && i != filter.length()) {
          return "'#' must be the last level, but it is level "
              + level
              + " of "
              + (level + count(filter, i));
        }
      }
      level++;
      start = i + 1;
    }
    return null;
  }

  private static int count(String s, int from) {
    int n = 0;
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }

  private static int indexOfWildcard(String s) {
    return indexOfWildcard(s, 0, s.length());
  }

  private static int indexOfWildcard(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '+' || c == '#') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isWildcard(String level) {
    return level.equals("+") || level.equals("#");
  }

  private static String last(String[] levels) {
    return levels[levels.length - 1];
  }

  /** Quotes a topic for a message; a long one is cut, since messages go back to an agent. */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    if (s.length() <= 120) {
      return "'" + s + "'";
    }
    int cut = Character.isHighSurrogate(s.charAt(99)) ? 99 : 100; // never split a surrogate pair
    return "'" + s.substring(0, cut) + "…' (" + s.length() + " characters)";
  }
}
