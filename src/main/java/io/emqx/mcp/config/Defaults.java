package io.emqx.mcp.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bundled defaults: {@code application.conf}, which documents every key and is the schema a
 * user's settings are checked against.
 *
 * <p>Every start reads them, and Claude Desktop starts the server on every launch. The file is 17
 * KB of mostly comments, and HOCON's tokenizer walks each character of them in a JVM that has
 * compiled nothing yet: about 30 ms before the first answer. So the build renders the same tree as
 * concise JSON ({@value #RENDERED}, 1.3 KB; {@link #main}, run in the {@code process-classes}
 * phase), which parses in about 5 ms. Without that file (a compile outside Maven) the commented
 * file is parsed, as before. {@code DefaultsTest} holds the two equal.
 */
public final class Defaults {

  /** The rendering, next to this class on the class path. */
  static final String RENDERED = "defaults.json";

  /** What is rendered, at the root of the class path. */
  static final String SOURCE = "application.conf";

  private Defaults() {}

  /** The bundled defaults, from the rendering when the build made one. */
  public static Config bundled() {
    try (InputStream rendered = Defaults.class.getResourceAsStream(RENDERED)) {
      if (rendered != null) {
        // Value origins say "bundled defaults" with no file, as those of the classpath resource
        // did: Sources.where shows no file:line for a default.
        return ConfigFactory.parseString(
            new String(rendered.readAllBytes(), StandardCharsets.UTF_8),
            ConfigParseOptions.defaults()
                .setSyntax(ConfigSyntax.JSON)
                .setOriginDescription("bundled defaults"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled defaults", e);
    }
    return source();
  }

  /** The commented file itself. */
  static Config source() {
    return ConfigFactory.parseResources(Defaults.class.getClassLoader(), SOURCE);
  }

  /**
   * The build's step: writes the rendering of {@code application.conf} (from the class path) into
   * the class-output directory given as the only argument.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: Defaults CLASS_OUTPUT_DIRECTORY");
    }
    Path out =
        Path.of(args[0])
            .resolve(Defaults.class.getPackageName().replace('.', '/'))
            .resolve(RENDERED);
    Files.createDirectories(out.getParent());
    Files.writeString(
        out, source().root().render(ConfigRenderOptions.concise()), StandardCharsets.UTF_8);
  }
}
