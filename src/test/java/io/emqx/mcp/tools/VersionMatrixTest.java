package io.emqx.mcp.tools;

import io.emqx.mcp.emqx.ClusterFacts;
import io.emqx.mcp.support.GeneratedSection;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/**
 * docs/versions.md's matrix (tool × oldest EMQX × edition) is the catalog's own {@code requires}
 * data, so it cannot drift. Rewritten by the run with {@code -Dsnapshot.update=true} ({@link
 * GeneratedSection}).
 */
class VersionMatrixTest {

  static final Path DOC = Path.of("docs/versions.md");

  static String matrix() {
    StringBuilder out =
        new StringBuilder("| tool | toolset | oldest EMQX | edition |\n|---|---|---|---|\n");
    ToolCatalogTest.TOOLS.stream()
        .sorted(Comparator.comparing((ToolSpec t) -> t.group().id()).thenComparing(ToolSpec::name))
        .forEach(
            t ->
                out.append("| `")
                    .append(t.name())
                    .append("` | ")
                    .append(t.group().id())
                    .append(" | ")
                    .append(t.requires().any() ? "any 5.x / 6.x" : t.requires().since())
                    .append(" | ")
                    .append(
                        t.requires().edition() == ClusterFacts.Edition.ENTERPRISE
                            ? "Enterprise (every 5.9+ build)"
                            : "any")
                    .append(" |\n"));
    return out.toString();
  }

  @Test
  void docsMatrix_isTheCatalogs() throws Exception {
    GeneratedSection.check(DOC, "matrix", "VersionMatrixTest", matrix());
  }
}
