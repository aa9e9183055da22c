package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The build's concise rendering of application.conf ({@link Defaults}) is what every start reads:
 * it must hold exactly the commented file's tree, and a message about a default must still call it
 * the default.
 */
class DefaultsTest {

  @Test
  void theBuildRendered_theBundledDefaults_andTheyEqualTheCommentedFile() throws Exception {
    try (InputStream rendered = Defaults.class.getResourceAsStream(Defaults.RENDERED)) {
      assertNotNull(rendered, "the process-classes step wrote no " + Defaults.RENDERED);
    }
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
}
