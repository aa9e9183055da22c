package io.emqx.mcp.config;

/**
 * A value that cannot be used, found while building the settings. It names the config key; {@link
 * Settings#load} rewrites it to name what the user actually set (the environment variable, the
 * flag, or the key and the file), which only it knows.
 */
final class ConfigProblem extends IllegalArgumentException {

  private final String key;
  private final String detail;

  /**
   * @param detail what is wrong and what to do, without the offending value (the rewrite shows it,
   *     unless it is a secret)
   */
  ConfigProblem(String key, String detail) {
    super(key + ": " + detail);
    this.key = key;
    this.detail = detail;
  }

  ConfigProblem(String key, String detail, Throwable cause) {
    this(key, detail);
    initCause(cause);
  }

  String key() {
    return key;
  }

  String detail() {
    return detail;
  }
}
