package io.emqx.mcp.mock;

import java.nio.charset.StandardCharsets;

/** MQTT topic rules as EMQX applies them ({@code emqx_topic}). Pure functions, no state. */
final class Topics {
  private static final int MAX_TOPIC_BYTES = 65_535;

  private Topics() {}

  /**
   * A topic name a message can be published to: not empty, no wildcards, no NUL, at most 65535
   * bytes.
   */
  static boolean isValidName(String topic) {
    return !topic.isEmpty()
        && topic.indexOf('+') < 0
        && topic.indexOf('#') < 0
        && topic.indexOf('\0') < 0
        && topic.getBytes(StandardCharsets.UTF_8).length <= MAX_TOPIC_BYTES;
  }

  /**
   * A subscription filter: {@code +} alone in its level, {@code #} alone and last; share prefixes
   * complete.
   */
  static boolean isValidFilter(String filter) {
    String f = stripShare(filter);
    if (f == null || f.isEmpty() || f.indexOf('\0') >= 0) {
      return false;
    }
    String[] levels = f.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String l = levels[i];
      if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
        return false;
      }
      if (l.contains("+") && !l.equals("+")) {
        return false;
      }
    }
    return true;
  }

  static boolean isShared(String filter) {
    return filter.startsWith("$share/") || filter.startsWith("$queue/");
  }

  /** The share group of {@code $share/g/t}, or null for a plain filter or {@code $queue/}. */
  static String shareGroup(String filter) {
    if (!filter.startsWith("$share/")) {
      return null;
    }
    int slash = filter.indexOf('/', "$share/".length());
    return slash < 0 ? null : filter.substring("$share/".length(), slash);
  }

  /**
   * The group EMQX keys a shared subscription by: g for {@code $share/g/t}, {@code $queue} for
   * {@code $queue/t}.
   */
  static String groupOf(String filter) {
    return filter.startsWith("$queue/") ? "$queue" : shareGroup(filter);
  }

  /**
   * The real topic filter behind {@code $share/g/t} or {@code $queue/t}; the filter itself when it
   * is not shared; null for an incomplete share such as {@code $share/g} or {@code $share//t}.
   */
  static String stripShare(String filter) {
    if (filter.startsWith("$queue/")) {
      return filter.substring("$queue/".length());
    }
    if (!filter.startsWith("$share/")) {
      return filter;
    }
    String rest = filter.substring("$share/".length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    String group = rest.substring(0, slash);
    if (group.contains("+") || group.contains("#")) {
      return null;
    }
    String topic = rest.substring(slash + 1);
    return topic.isEmpty() ? null : topic;
  }

  /**
   * Whether a topic name matches a filter, MQTT 3.1.1 §4.7: {@code +} is one level, {@code #} any
   * number including zero, and a name starting with {@code $} is not matched by a leading wildcard.
   * A shared filter matches through its real topic.
   */
  static boolean matches(String name, String filter) {
    String f = stripShare(filter);
    if (f == null) {
      return false;
    }
    if (name.startsWith("$") && (f.startsWith("+") || f.startsWith("#"))) {
      return false;
    }
    String[] n = name.split("/", -1);
    String[] p = f.split("/", -1);
    for (int i = 0; i < p.length; i++) {
      if (p[i].equals("#")) {
        return true;
      }
      if (i >= n.length || !(p[i].equals("+") || p[i].equals(n[i]))) {
        return false;
      }
    }
    return n.length == p.length;
  }
}
