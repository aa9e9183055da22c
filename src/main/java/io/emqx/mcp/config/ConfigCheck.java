package io.emqx.mcp.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the merged configuration against the bundled defaults before anything reads it: a key the
 * defaults do not have is a typo (HOCON would ignore {@code mcp.readonly = true} and leave every
 * destructive tool on), and a value must have the type of its default. The defaults are the schema,
 * so a key added to {@code application.conf} is known at once.
 *
 * <p>Rules beyond "same type as the default":
 *
 * <ul>
 *   <li>A default that is an empty object ({@code tokens {}}) holds entries the user names: its
 *       children are not checked.
 *   <li>A default that is a duration ({@code 15s}) refuses a bare number: HOCON would read {@code
 *       10} as 10 milliseconds, which nobody who writes {@code EMQX_REQUEST_TIMEOUT=10} means.
 *   <li>{@code topics} holds objects whose fields are {@link #TOPIC_FIELDS}; every other list holds
 *       plain values.
 *   <li>An unknown top-level key is refused when it looks like one of ours (near a known key, or
 *       ending in a known key's name, as {@code read-only = true} at the top does); otherwise it is
 *       only reported, since HOCON files may hold values that substitutions refer to.
 * </ul>
 */
final class ConfigCheck {

  /** The fields a {@code topics} entry may have (read in {@code Settings.topics}). */
  static final Set<String> TOPIC_FIELDS = Set.of("pattern", "permissions", "description");

  /** Lists of objects; every other list holds strings, numbers or booleans. */
  private static final Set<String> OBJECT_LISTS = Set.of("topics");

  /** Up to this edit distance (less for short names) a known key is offered as what was meant. */
  private static final int NEAR = 3;

  private static final Pattern BARE_NUMBER = Pattern.compile("\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)\\s*");
  private static final Pattern DURATION =
      Pattern.compile(
          "\\s*\\d+(\\.\\d+)?\\s*(ns|nanos?|nanoseconds?|us|micros?|microseconds?|ms|millis?|milliseconds?"
              + "|s|seconds?|m|minutes?|h|hours?|d|days?)\\s*");
  private static final Pattern BYTES =
      Pattern.compile(
          "\\s*\\d+(\\.\\d+)?\\s*(B|bytes?|[kKMGTPE]i?B?|[kmgtpe]i?b?|kilobytes?|megabytes?|gigabytes?)\\s*");

  /** What the check found: errors stop start-up, warnings are printed. */
  record Outcome(List<String> errors, List<String> warnings) {}

  private final Config merged;
  private final Sources sources;

  /**
   * What a {@code clusters.<name>} block may hold: the {@code emqx} keys, an {@code mqtt} block,
   * and the overrides {@code read-only}, {@code protected-clients} and {@code topics}, each with
   * the type of its global default. Derived from the defaults, so a key added to {@code emqx} or
   * {@code mqtt} is a cluster key at once.
   */
  private final ConfigObject clusterSchema;

  /** Every path of the defaults (objects and values), as dotted names. */
  private final List<String> known = new ArrayList<>();

  private final List<String> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private ConfigCheck(Config merged, Config defaults, Sources sources) {
    this.merged = merged;
    this.sources = sources;
    collect("", defaults.root());
    this.clusterSchema =
        defaults
            .getObject("emqx")
            .withValue("mqtt", defaults.getValue("mqtt"))
            .withValue("read-only", defaults.getValue("mcp.read-only"))
            .withValue("protected-clients", defaults.getValue("mcp.protected-clients"))
            .withValue("topics", defaults.getValue("topics"));
  }

  static Outcome run(Config merged, Config defaults, Sources sources) {
    ConfigCheck check = new ConfigCheck(merged, defaults, sources);
    check.object("", merged.root(), defaults.root());
    return new Outcome(List.copyOf(check.errors), List.copyOf(check.warnings));
  }

  /** The dotted paths of every key in the defaults, skipping the children of user-named maps. */
  private void collect(String prefix, ConfigObject object) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String path = join(prefix, e.getKey());
      known.add(path);
      if (e.getValue() instanceof ConfigObject child) {
        collect(path, child);
      }
    }
  }

  private void object(String prefix, ConfigObject actual, ConfigObject defaults) {
    for (Map.Entry<String, ConfigValue> e : actual.entrySet()) {
      String path = join(prefix, e.getKey());
      ConfigValue d = defaults.get(e.getKey());
      if (d == null) {
        unknown(path, e.getValue(), prefix.isEmpty());
      } else if (path.equals("clusters")) {
        clusters(path, e.getValue());
      } else {
        value(path, e.getValue(), d);
      }
    }
  }

  /** Every {@code clusters.<name>} block against {@link #clusterSchema}. */
  private void clusters(String path, ConfigValue v) {
    if (!(v instanceof ConfigObject all)) {
      error(path, "expected an object: clusters { <name> { api-url = \"…\", api-key = … } }");
      return;
    }
    for (Map.Entry<String, ConfigValue> e : all.entrySet()) {
      String where = join(path, e.getKey());
      if (!(e.getValue() instanceof ConfigObject block)) {
        error(
            where,
            "expected a cluster block { … } with the keys "
                + String.join(", ", new java.util.TreeSet<>(clusterSchema.keySet())));
      } else {
        block(where, block, clusterSchema);
      }
    }
  }

  /**
   * A block whose known keys are {@code schema}'s (a cluster block and the blocks in it): an
   * unknown key is offered the nearest of them, a known one is checked as everywhere else.
   */
  private void block(String path, ConfigObject actual, ConfigObject schema) {
    for (Map.Entry<String, ConfigValue> e : actual.entrySet()) {
      String where = join(path, e.getKey());
      ConfigValue d = schema.get(e.getKey());
      if (d == null) {
        List<String> near = Spelling.nearest(e.getKey(), schema.keySet(), NEAR);
        errors.add(
            "unknown key "
                + where
                + at(e.getValue())
                + (near.isEmpty()
                    ? "; the keys under "
                        + path
                        + " are "
                        + String.join(", ", new java.util.TreeSet<>(schema.keySet()))
                    : "; did you mean " + Spelling.orList(near) + "?"));
      } else if (d instanceof ConfigObject inner
          && !inner.isEmpty()
          && e.getValue() instanceof ConfigObject nested) {
        block(where, nested, inner);
      } else {
        value(where, e.getValue(), d);
      }
    }
  }

  private void value(String path, ConfigValue v, ConfigValue d) {
    if (v.valueType() == ConfigValueType.NULL && d.valueType() != ConfigValueType.NULL) {
      error(path, "is null; remove it to keep the default (" + Sources.shown(d) + ")");
      return;
    }
    switch (d.valueType()) {
      case OBJECT -> {
        if (!(v instanceof ConfigObject object)) {
          error(
              path,
              "expected an object { … } with the keys "
                  + String.join(", ", ((ConfigObject) d).keySet()));
        } else if (!((ConfigObject) d).isEmpty()) {
          object(path, object, (ConfigObject) d);
        }
      }
      case LIST -> list(path, v, (ConfigList) d);
      case BOOLEAN -> {
        boolean ok =
            v.valueType() == ConfigValueType.BOOLEAN
                || v.valueType() == ConfigValueType.STRING
                    && Set.of("true", "false", "yes", "no", "on", "off")
                        .contains(String.valueOf(v.unwrapped()).trim());
        if (!ok) {
          error(path, "expected true or false");
        }
      }
      case NUMBER -> {
        if (!wholeNumber(v)) {
          error(path, "expected a whole number");
        }
      }
      case STRING -> string(path, v, String.valueOf(d.unwrapped()));
      default -> {}
    }
  }

  private void string(String path, ConfigValue v, String defaultValue) {
    if (v.valueType() == ConfigValueType.LIST || v.valueType() == ConfigValueType.OBJECT) {
      error(path, "expected a single value, not a list or an object");
    } else if (DURATION.matcher(defaultValue).matches()) {
      if (v.valueType() == ConfigValueType.NUMBER
          || BARE_NUMBER.matcher(String.valueOf(v.unwrapped())).matches()) {
        error(path, "a bare number has no unit; add one, e.g. 10s (seconds), 500ms or 5m");
      } else if (!parses(v, true)) {
        error(path, "expected a duration with a unit, e.g. 10s, 500ms or 5m");
      }
    } else if (BYTES.matcher(defaultValue).matches() && !parses(v, false)) {
      error(path, "expected a size, e.g. 4MiB, 512KiB or 1048576");
    }
  }

  private void list(String path, ConfigValue v, ConfigList d) {
    boolean objects =
        OBJECT_LISTS.contains(path)
            || path.endsWith(".topics")
            || !d.isEmpty() && d.get(0).valueType() == ConfigValueType.OBJECT;
    if (!(v instanceof ConfigList list)) {
      error(
          path,
          objects
              ? "expected a list of objects [ { … } ]"
              : "expected a list, e.g. [\"a\", \"b\"]");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      ConfigValue item = list.get(i);
      String where = path + "[" + i + "]";
      if (objects && !(item instanceof ConfigObject)) {
        error(path, "entry " + i + " is not an object { … }");
      } else if (!objects
          && (item.valueType() == ConfigValueType.LIST
              || item.valueType() == ConfigValueType.OBJECT
              || item.valueType() == ConfigValueType.NULL)) {
        error(
            path, "entry " + i + " is not a plain value (expected a list such as [\"a\", \"b\"])");
      } else if (objects && (path.equals("topics") || path.endsWith(".topics"))) {
        for (Map.Entry<String, ConfigValue> field : ((ConfigObject) item).entrySet()) {
          if (!TOPIC_FIELDS.contains(field.getKey())) {
            List<String> near = Spelling.nearest(field.getKey(), TOPIC_FIELDS, NEAR);
            errors.add(
                "unknown key "
                    + where
                    + "."
                    + field.getKey()
                    + at(field.getValue())
                    + (near.isEmpty()
                        ? "; a topics entry has pattern, permissions and description"
                        : "; did you mean " + Spelling.orList(near) + "?"));
          }
        }
      }
    }
  }

  /** Reports every value under an unknown key, each with the known key it most likely meant. */
  private void unknown(String path, ConfigValue v, boolean topLevel) {
    Map<String, ConfigValue> leaves = new java.util.LinkedHashMap<>();
    leaves(path, v, leaves);
    boolean ours = !topLevel;
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : leaves.entrySet().stream().limit(10).toList()) {
      String leaf = e.getKey();
      List<String> meant = meant(leaf);
      ours |= !meant.isEmpty();
      ConfigValue leafValue = e.getValue();
      lines.add(
          "unknown key "
              + leaf
              + at(leafValue)
              + (meant.isEmpty()
                  ? knownUnder(leaf)
                  : "; did you mean " + Spelling.orList(meant) + "?"));
    }
    if (ours) {
      errors.addAll(lines);
    } else {
      warnings.add(
          "ignoring top-level key "
              + path
              + at(v)
              + ": it is not a setting (settings live under "
              + String.join(", ", topLevel())
              + ")");
    }
  }

  /**
   * Known keys the unknown {@code path} was likely meant to be: nearest by spelling, or the same
   * name elsewhere.
   */
  private List<String> meant(String path) {
    String leaf = Spelling.normalize(path.substring(path.lastIndexOf('.') + 1));
    // Short names get less slack: "abc" is not a misspelt "mcp".
    int near = Math.max(1, Math.min(NEAR, path.length() / 4));
    int best = Math.max(2 * near, 3) + 1;
    Set<String> found = new LinkedHashSet<>();
    for (String candidate : known) {
      int score = 2 * Spelling.distance(path, candidate);
      if (Spelling.normalize(candidate.substring(candidate.lastIndexOf('.') + 1)).equals(leaf)) {
        score =
            Math.min(score, 3); // the right name in the wrong place; a one-letter slip still wins
      }
      if (score < best) {
        found.clear();
        best = score;
      }
      if (score == best) {
        found.add(candidate);
      }
    }
    return List.copyOf(found);
  }

  private String knownUnder(String path) {
    int dot = path.lastIndexOf('.');
    String parent = dot < 0 ? "" : path.substring(0, dot);
    List<String> siblings =
        known.stream()
            .filter(
                k ->
                    parent.isEmpty()
                        ? k.indexOf('.') < 0
                        : k.startsWith(parent + ".") && k.indexOf('.', parent.length() + 1) < 0)
            .sorted()
            .toList();
    return siblings.isEmpty()
        ? ""
        : "; the keys "
            + (parent.isEmpty() ? "at the top" : "under " + parent)
            + " are "
            + String.join(", ", siblings);
  }

  private List<String> topLevel() {
    return known.stream().filter(k -> k.indexOf('.') < 0).toList();
  }

  private static void leaves(String path, ConfigValue v, Map<String, ConfigValue> into) {
    if (v instanceof ConfigObject object && !object.isEmpty()) {
      object.forEach((k, child) -> leaves(join(path, k), child, into));
    } else {
      into.put(path, v);
    }
  }

  private void error(String path, String detail) {
    errors.add(sources.describe(path, merged) + ": " + detail);
  }

  /** " in file:line" for a value from a file, " (command line)" and the like otherwise. */
  private static String at(ConfigValue v) {
    String where = Sources.where(v.origin());
    if (where != null) {
      return " in " + where;
    }
    String description = v.origin() == null ? null : v.origin().description();
    return description == null ? "" : " (" + description + ")";
  }

  private static boolean wholeNumber(ConfigValue v) {
    if (v.valueType() != ConfigValueType.NUMBER && v.valueType() != ConfigValueType.STRING) {
      return false;
    }
    try {
      BigDecimal n = new BigDecimal(String.valueOf(v.unwrapped()).trim());
      return n.stripTrailingZeros().scale() <= 0
          && n.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean parses(ConfigValue v, boolean duration) {
    Config one = ConfigFactory.empty().withValue("v", v);
    try {
      if (duration) {
        one.getDuration("v");
      } else {
        one.getBytes("v");
      }
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  private static String join(String prefix, String key) {
    String quoted = ConfigUtil.joinPath(key);
    return prefix.isEmpty() ? quoted : prefix + "." + quoted;
  }
}
