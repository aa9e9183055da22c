package io.emqx.mcp.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;

/**
 * The bundled defaults: {@code application.conf}, which documents every key and is the schema a
 * user's settings are checked against.
 *
 * <p>Every start reads them, and Claude Desktop starts the server on every launch. The file is 17
 * KB of mostly comments, and HOCON's tokenizer walks each character of them in a JVM that has
 * compiled nothing yet: about 30 ms before the first answer, plus the jar's 23,000-entry directory
 * read to find it (another 19 ms, which the warm-up thread pays instead when nothing on the main
 * thread needs the jar first). So the server reads the same tree from {@link BundledDefaults}, a
 * class in the class-data archive holding it as JSON without comments, which parses in about 5 ms.
 * {@code DefaultsTest} fails while the two differ, and rewrites that class when asked.
 */
public final class Defaults {

  /** The commented file, at the root of the class path. */
  static final String SOURCE = "application.conf";

  private Defaults() {}

  /** The bundled defaults. */
  public static Config bundled() {
    // Value origins name no file, as those of the classpath resource did: Sources.where shows no
    // file:line for a default.
    return ConfigFactory.parseString(
        BundledDefaults.JSON,
        ConfigParseOptions.defaults()
            .setSyntax(ConfigSyntax.JSON)
            .setOriginDescription("bundled defaults"));
  }

  /** The commented file itself. */
  static Config source() {
    return ConfigFactory.parseResources(Defaults.class.getClassLoader(), SOURCE);
  }
}
