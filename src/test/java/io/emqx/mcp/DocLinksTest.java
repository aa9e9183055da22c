package io.emqx.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every in-repo link of the README and the pages of docs/ leads somewhere: the file exists and, for
 * {@code #anchor}, the page has a heading with that anchor (as GitHub makes them). Pages move
 * between the README and docs/, and a link left behind would otherwise dangle unnoticed.
 */
class DocLinksTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *$");

  @Test
  void everyInRepoLinkAndAnchor_exists() throws IOException {
    List<Path> pages =
        new ArrayList<>(List.of(Path.of("README.md"), Path.of("mock-emqx/README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> dangling = new ArrayList<>();
    int links = 0;
    for (Path page : pages) {
      List<String> found = dangling(page, Files.readString(page));
      dangling.addAll(found);
      links += links(Files.readString(page)).size();
    }
    assertEquals(List.of(), dangling);
    assertEquals(true, links > 30, "links read: " + links);
  }

  @Test
  void aMissingFileOrAnchor_isCaught() throws IOException {
    Path readme = Path.of("README.md");
    assertEquals(
        List.of(),
        dangling(readme, "## Configuration\n[c](#configuration) [h](docs/http.md#conformance)"));
    assertEquals(1, dangling(readme, "see [the tools](docs/no-such-page.md)").size());
    assertEquals(1, dangling(readme, "## Configuration\nsee [c](#no-such-heading)").size());
    assertEquals(1, dangling(readme, "see [c](docs/http.md#no-such-heading)").size());
    // Code is not a link.
    assertEquals(List.of(), dangling(readme, "```sh\necho '[x](#nowhere)'\n```\n`[y](#nowhere)`"));
  }

  @Test
  void anchors_areMadeAsGitHubMakesThem() {
    assertEquals(
        Set.of(
            "run-it-as-a-shared-server-http", "messages-bulk-publish-and-retained", "mqtt-tools"),
        anchors(
            "## Run it as a shared server (HTTP)\n### Messages: bulk publish and retained\n"
                + "## MQTT tools\n"));
    assertEquals(Set.of("the-fake-emqx", "a", "a-1"), anchors("## The `fake` EMQX\n# a\n# a\n"));
  }

  /** The links of a page (outside code) that lead nowhere, each with the page it is on. */
  static List<String> dangling(Path page, String text) throws IOException {
    List<String> out = new ArrayList<>();
    Map<Path, Set<String>> anchorsOf = new HashMap<>();
    for (String target : links(text)) {
      if (target.matches("[a-z][a-z+.-]*:.*")) {
        continue; // https:, mailto:: outside the repo
      }
      int hash = target.indexOf('#');
      String file = hash < 0 ? target : target.substring(0, hash);
      String anchor = hash < 0 ? null : target.substring(hash + 1);
      Path to = file.isEmpty() ? page : page.resolveSibling(file).normalize();
      if (!Files.exists(to)) {
        out.add(page + ": " + target + " (no such file)");
        continue;
      }
      if (anchor != null && to.toString().endsWith(".md")) {
        Set<String> anchors =
            anchorsOf.computeIfAbsent(to, p -> anchors(p.equals(page) ? text : read(p)));
        if (!anchors.contains(anchor)) {
          out.add(page + ": " + target + " (no such heading)");
        }
      }
    }
    return out;
  }

  private static List<String> links(String text) {
    String prose = CODE_SPAN.matcher(FENCE.matcher(text).replaceAll("")).replaceAll("");
    List<String> out = new ArrayList<>();
    Matcher m = LINK.matcher(prose);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, -1 on repeats.
   */
  static Set<String> anchors(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = HEADING.matcher(FENCE.matcher(text).replaceAll(""));
    while (m.find()) {
      String slug =
          m.group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-');
      String unique = slug;
      for (int i = 1; out.contains(unique); i++) {
        unique = slug + "-" + i;
      }
      out.add(unique);
    }
    return out;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
