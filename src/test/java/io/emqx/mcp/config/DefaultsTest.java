package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.emqx.mcp.support.GeneratedSection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link BundledDefaults}, what every start reads, must hold exactly application.conf's tree; a run
 * with {@code -Dsnapshot.update=true} rewrites it from the file. A message about a default must
 * still call it the default.
 */
class DefaultsTest {

  static final Path GENERATED = Path.of("src/main/java/io/emqx/mcp/config/BundledDefaults.java");

  @Test
  void theBundledDefaults_areTheCommentedFile() throws Exception {
    String expected = source(Defaults.source());
    if (Boolean.getBoolean("snapshot.update")) {
      Files.writeString(GENERATED, expected, StandardCharsets.UTF_8);
    }
    assertEquals(
        expected,
        Files.readString(GENERATED, StandardCharsets.UTF_8),
        GENERATED
            + " is stale after a change to application.conf; rewrite it with "
            + GeneratedSection.UPDATE_COMMAND);
    Config source = Defaults.source();
    Config bundled = Defaults.bundled();
    assertEquals(source.root().unwrapped(), bundled.root().unwrapped());
    // Every leaf keeps its type (a duration stays a string, a port a number, a list a list).
    for (Map.Entry<String, ConfigValue> e : source.entrySet()) {
      assertEquals(e.getValue().valueType(), bundled.getValue(e.getKey()).valueType(), e.getKey());
    }
    assertTrue(source.entrySet().size() > 50, "the tree is not empty: " + source.entrySet());
  }

  @Test
  void aDefaultValue_hasNoFileOrLine_soMessagesCallItTheDefault() {
    Config bundled = Defaults.bundled();
    assertNull(Sources.where(bundled.getValue("emqx.request-timeout").origin()));
    Sources none = new Sources(Map.of(), Map.of(), Map.of());
    assertEquals(
        "mcp.http.port = 8080 (the default)", none.describe("mcp.http.port", bundled.resolve()));
  }

  /** The class: the tree as formatted JSON in a text block. */
  static String source(Config defaults) {
    String json =
        defaults
            .root()
            .render(
                ConfigRenderOptions.defaults()
                    .setOriginComments(false)
                    .setComments(false)
                    .setJson(true)
                    .setFormatted(true))
            .strip();
    // A text block takes the JSON as it is but for backslashes and a run of three quotes.
    String block = json.replace("\\", "\\\\").replace("\"\"\"", "\\\"\"\"");
    StringBuilder out = new StringBuilder();
    out.append("package io.emqx.mcp.config;\n\n")
        .append(
            "/** application.conf's tree without comments, for Defaults. DefaultsTest writes it. */\n")
        .append("final class BundledDefaults {\n\n")
        .append("  static final String JSON =\n")
        .append("      \"\"\"\n");
    for (String line : block.split("\n", -1)) {
      out.append(line.isEmpty() ? "" : "      " + line).append('\n');
    }
    out.append("      \"\"\";\n\n").append("  private BundledDefaults() {}\n").append("}\n");
    return out.toString();
  }
}
