package io.emqx.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fake EMQX ({@code mock}) stays a product of its own beside the server: it uses none of the
 * server's code, so it answers as EMQX does rather than as our client expects; and the server uses
 * none of it, except {@code Main}, which starts it for the {@code --mock-emqx} flag. A plain scan
 * of the sources: every reference to one of our packages is an import or a qualified name, both of
 * which name the package.
 */
class MockIsolationTest {

  static final Path MAIN = Path.of("src/main/java/io/emqx/mcp");
  static final Pattern REFERENCE = Pattern.compile("\\bio\\.emqx\\.mcp\\.([a-z]\\w*)");

  /** The one product class allowed to know the fake: it serves {@code --mock-emqx}. */
  static final Path FLAG = MAIN.resolve("Main.java");

  @Test
  void mock_importsNothingOfTheServer() {
    Map<Path, List<String>> found = references(MAIN.resolve("mock"), pkg -> !pkg.equals("mock"));
    assertEquals(Map.of(), found, "the fake EMQX must not use the server's code");
  }

  @Test
  void theServer_importsNothingOfMock_butMainForTheFlag() {
    Map<Path, List<String>> found = references(MAIN, pkg -> pkg.equals("mock"));
    found.keySet().removeIf(file -> file.startsWith(MAIN.resolve("mock")));
    assertTrue(
        found.containsKey(FLAG),
        "the scan no longer sees Main's use of the fake: " + found.keySet());
    found.remove(FLAG);
    assertEquals(Map.of(), found, "only Main may start the fake EMQX");
  }

  /**
   * Per source file below {@code root}, the packages of ours it names that {@code wanted} picks.
   */
  static Map<Path, List<String>> references(
      Path root, java.util.function.Predicate<String> wanted) {
    Map<Path, List<String>> found = new TreeMap<>();
    int files = 0;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
        files++;
        List<String> hits = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("package ")) {
            continue;
          }
          Matcher m = REFERENCE.matcher(line);
          while (m.find()) {
            if (wanted.test(m.group(1))) {
              hits.add(line.trim());
            }
          }
        }
        if (!hits.isEmpty()) {
          found.put(file, hits);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(files > 10, "scanned only " + files + " files under " + root);
    return found;
  }
}
