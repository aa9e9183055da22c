package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any one-slip misspelling of any key of the bundled defaults (a character deleted, inserted,
 * swapped with its neighbour or replaced, a {@code -} typed as {@code _}, a letter in upper case)
 * stops the start, and the message offers the key that was meant.
 */
class ConfigTyposPropertyTest {

  static final Config DEFAULTS =
      ConfigFactory.parseResources(Settings.class.getClassLoader(), "application.conf");

  /** Every value key of the defaults: the keys a user may set. */
  static final List<String> LEAVES = leaves();

  static final Set<String> ALL_PATHS = allPaths();

  record Typo(String original, List<String> segments) {
    String path() {
      return ConfigUtil.joinPath(segments);
    }
  }

  @Property(tries = 200)
  void anyMisspelling_ofAKnownKey_isRefused_namingThatKey(@ForAll("typos") Typo typo)
      throws Exception {
    Assume.that(!ALL_PATHS.contains(typo.path()));
    String value = DEFAULTS.getValue(typo.original()).render(ConfigRenderOptions.concise());
    Path dir = Files.createTempDirectory("typo");
    try {
      File file =
          Files.writeString(dir.resolve("typo.conf"), typo.path() + " = " + value + "\n").toFile();
      IllegalArgumentException e = null;
      try {
        Settings.load(Map.of(), Map.of(), file);
      } catch (IllegalArgumentException refused) {
        e = refused;
      }
      assertTrue(e != null, typo.path() + " was accepted");
      String m = e.getMessage();
      assertTrue(m.contains("unknown key " + typo.path() + " in " + file + ":1"), m);
      int at = m.indexOf("did you mean ");
      assertTrue(at >= 0, m);
      String offered = m.substring(at + "did you mean ".length(), m.indexOf('?', at));
      assertTrue(
          Arrays.asList(offered.split(", | or ")).contains(typo.original()),
          typo.original() + ": " + m);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Provide
  Arbitrary<Typo> typos() {
    Arbitrary<String> keys = Arbitraries.of(LEAVES);
    Arbitrary<Integer> ops = Arbitraries.integers().between(0, 5);
    Arbitrary<Character> chars =
        Arbitraries.chars().with("abcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray());
    Arbitrary<Integer> positions = Arbitraries.integers().between(0, 1000);
    return Combinators.combine(keys, ops, chars, positions, positions)
        .as(ConfigTyposPropertyTest::typo);
  }

  static Typo typo(String key, int op, char c, int segmentPick, int positionPick) {
    List<String> segments = new ArrayList<>(ConfigUtil.splitPath(key));
    int s = segmentPick % segments.size();
    String seg = segments.get(s);
    int i = positionPick % seg.length();
    String mutated =
        switch (op) {
          case 0 ->
              seg.length() > 1 ? seg.substring(0, i) + seg.substring(i + 1) : seg + c; // delete
          case 1 -> seg.substring(0, i) + c + seg.substring(i); // insert
          case 2 ->
              i + 1 < seg.length() && seg.charAt(i) != seg.charAt(i + 1) // swap neighbours
                  ? seg.substring(0, i) + seg.charAt(i + 1) + seg.charAt(i) + seg.substring(i + 2)
                  : seg + c;
          case 3 ->
              seg.charAt(i) == c
                  ? seg + c
                  : seg.substring(0, i) + c + seg.substring(i + 1); // replace
          case 4 -> seg.contains("-") ? seg.replace('-', '_') : seg + "_"; // the other separator
          default ->
              seg.substring(0, i)
                  + Character.toUpperCase(seg.charAt(i))
                  + seg.substring(i + 1); // case
        };
    segments.set(s, mutated);
    return new Typo(key, segments);
  }

  private static List<String> leaves() {
    List<String> out = new ArrayList<>();
    walk("", DEFAULTS.root(), out, false);
    return List.copyOf(out);
  }

  private static Set<String> allPaths() {
    List<String> out = new ArrayList<>();
    walk("", DEFAULTS.root(), out, true);
    return new TreeSet<>(out);
  }

  private static void walk(
      String prefix, ConfigObject object, List<String> out, boolean objectsToo) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String path =
          prefix.isEmpty()
              ? ConfigUtil.joinPath(e.getKey())
              : prefix + "." + ConfigUtil.joinPath(e.getKey());
      if (e.getValue() instanceof ConfigObject child && !child.isEmpty()) {
        if (objectsToo) {
          out.add(path);
        }
        walk(path, child, out, objectsToo);
      } else {
        out.add(path);
      }
    }
  }
}
