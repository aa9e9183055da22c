package io.emqx.mcp.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each setting came from, so that an error names what the user wrote: {@code
 * EMQX_MCP_READ_ONLY=maybe}, {@code --port 70000}, or {@code mcp.read-only = maybe in
 * /etc/emqx-mcp.conf:3}, never the internal key alone. Secret values are never shown, and a URL's
 * user-info never is.
 *
 * @param flags config keys set on the command line, and their values
 * @param envVarOfKey config key → the environment variable that set it
 * @param env the environment
 */
record Sources(
    Map<String, String> flags, Map<String, String> envVarOfKey, Map<String, String> env) {

  private static final Pattern SECRET = Pattern.compile(".*(secret|password|token).*");
  private static final int MAX_SHOWN = 120;

  /** A run of characters that can be one URL; quotes and commas end it (a list's rendering). */
  private static final Pattern TOKEN = Pattern.compile("[^,\"']+");

  /** What set {@code key}: the flag, the variable, the key in its file, or the default. */
  String describe(String key, Config merged) {
    boolean secret = isSecret(key);
    if (flags.containsKey(key)) {
      String flag =
          Settings.FLAGS.entrySet().stream()
              .filter(e -> e.getValue().equals(key))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      String value = secret ? "" : shown(flags.get(key));
      return flag != null
          ? flag + (value.isEmpty() ? "" : " " + value)
          : key + "=" + value + " (command line)";
    }
    String var = envVarOfKey.get(key);
    if (var != null) {
      return secret ? var : var + "=" + shown(env.getOrDefault(var, ""));
    }
    ConfigValue value = valueAt(merged, key);
    if (value == null) {
      return key;
    }
    String where = where(value.origin());
    String shownValue = secret ? "" : " = " + shown(value);
    return where == null ? key + shownValue + " (the default)" : key + shownValue + " in " + where;
  }

  /** {@code file:line} for a value read from a file, null for the bundled defaults and the rest. */
  static String where(ConfigOrigin origin) {
    if (origin == null || origin.filename() == null) {
      return null;
    }
    return origin.lineNumber() > 0
        ? origin.filename() + ":" + origin.lineNumber()
        : origin.filename();
  }

  static boolean isSecret(String key) {
    String leaf = key.substring(key.lastIndexOf('.') + 1);
    return SECRET.matcher(Spelling.normalize(leaf)).matches();
  }

  private static ConfigValue valueAt(Config merged, String key) {
    try {
      return merged.hasPathOrNull(key) ? merged.getValue(key) : null;
    } catch (ConfigException e) {
      return null; // null values and paths through a non-object: nothing to show
    }
  }

  static String shown(ConfigValue value) {
    if (value.valueType() == ConfigValueType.NULL) {
      return "null";
    }
    return shown(
        value.valueType() == ConfigValueType.LIST || value.valueType() == ConfigValueType.OBJECT
            ? value.render(ConfigRenderOptions.concise())
            : String.valueOf(value.unwrapped()));
  }

  /** A value fit for a message: no URL user-info, no control characters, bounded. */
  static String shown(String raw) {
    String clean = withoutUserinfo(raw).replaceAll("\\p{Cntrl}", "?");
    return clean.length() > MAX_SHOWN ? clean.substring(0, MAX_SHOWN) + "…" : clean;
  }

  /**
   * Replaces the user-info of every URL-like part ({@code scheme://user:pw@host}, or {@code
   * user:pw@host} without a scheme) with {@code ***}: everything from the start of the authority to
   * the last {@code @}. Textual, so it works on values that do not parse as URLs, which are exactly
   * the ones that end up in error messages.
   */
  static String withoutUserinfo(String raw) {
    Matcher token = TOKEN.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (token.find()) {
      String t = token.group();
      int scheme = t.indexOf("://");
      int from = scheme < 0 ? 0 : scheme + 3;
      // The last '@' anywhere: a password holding '/' or '#' still ends there, and a path with '@'
      // in it loses a little more than needed, which is the safe side.
      int at = t.lastIndexOf('@');
      token.appendReplacement(
          out,
          Matcher.quoteReplacement(
              at >= from ? t.substring(0, from) + "***" + t.substring(at) : t));
    }
    token.appendTail(out);
    return out.toString();
  }
}
