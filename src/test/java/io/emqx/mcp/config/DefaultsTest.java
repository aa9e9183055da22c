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
import java.util.ArrayList;
import java.util.List;
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

  /**
   * The class: the tree as concise JSON (whitespace costs HOCON's tokenizer a token each), in a
   * text block whose lines end in {@code \\} so that they join without a character between them,
   * each broken after a comma outside any string.
   */
  static String source(Config defaults) {
    String json = defaults.root().render(ConfigRenderOptions.concise());
    List<String> lines = new ArrayList<>();
    boolean inString = false;
    int from = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '\\') {
        i++; // an escaped character, a quote included
      } else if (c == '"') {
        inString = !inString;
      } else if (c == ',' && !inString && i + 1 - from >= 72) {
        lines.add(json.substring(from, i + 1));
        from = i + 1;
      }
    }
    lines.add(json.substring(from));
    StringBuilder out = new StringBuilder();
    out.append("package io.emqx.mcp.config;\n\n")
        .append(
            "/** application.conf's tree without comments, for Defaults. DefaultsTest writes it. */\n")
        .append("final class BundledDefaults {\n\n")
        .append("  static final String JSON =\n")
        .append("      \"\"\"\n");
    for (int i = 0; i < lines.size(); i++) {
      // A text block takes the JSON as it is but for backslashes and a run of three quotes.
      String line = lines.get(i).replace("\\", "\\\\").replace("\"\"\"", "\\\"\"\"");
      out.append("      ").append(line).append(i < lines.size() - 1 ? "\\\n" : "\n");
    }
    out.append("      \"\"\";\n\n").append("  private BundledDefaults() {}\n").append("}\n");
    return out.toString();
  }
}
