package io.emqx.mcp.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.emqx.mcp.policy.TopicRules;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every setting, read once at start-up from the layered configuration. Nothing below {@code Main}
 * touches Typesafe Config: it receives these records.
 */
public record Settings(Emqx emqx, Mcp mcp, TopicRules topics, Transport transport, MqttSettings mqtt) {

  /** Environment variables and the config keys they set (the contract's table). */
  static final Map<String, String> ENV_KEYS =
      Map.ofEntries(
          Map.entry("EMQX_API_URL", "emqx.api-url"),
          Map.entry("EMQX_API_KEY", "emqx.api-key"),
          Map.entry("EMQX_API_SECRET", "emqx.api-secret"),
          Map.entry("EMQX_REQUEST_TIMEOUT", "emqx.request-timeout"),
          Map.entry("EMQX_MCP_READ_ONLY", "mcp.read-only"),
          Map.entry("EMQX_MCP_DISABLED_TOOLS", "mcp.tools.disabled"),
          Map.entry("EMQX_MCP_AUDIT_LOG", "mcp.audit-log"),
          Map.entry("EMQX_MCP_TRANSPORT", "mcp.transport"),
          Map.entry("EMQX_MCP_AUTH_TOKEN", "mcp.http.auth-token"),
          Map.entry("EMQX_MQTT_URL", "mqtt.url"),
          Map.entry("EMQX_MQTT_USERNAME", "mqtt.username"),
          Map.entry("EMQX_MQTT_PASSWORD", "mqtt.password"),
          Map.entry("EMQX_MQTT_CA_FILE", "mqtt.ca-file"),
          Map.entry("EMQX_MQTT_CLIENT_ID_PREFIX", "mqtt.client-id-prefix"),
          Map.entry("EMQX_MQTT_RESPONSE_TOPIC_PREFIX", "mqtt.response-topic-prefix"));

  /** Keys whose environment variable holds a comma-separated list. */
  private static final Set<String> LIST_KEYS = Set.of("mcp.tools.disabled");

  /** Settings served over stdio, with the MQTT defaults for the API's host (tests, callers with nothing to say). */
  public Settings(Emqx emqx, Mcp mcp, TopicRules topics) {
    this(emqx, mcp, topics, Transport.stdio(), MqttSettings.defaultsFor(emqx.apiUrl()));
  }

  public Settings withEmqx(Emqx replacement) {
    return new Settings(replacement, mcp, topics, transport, mqtt);
  }

  public Settings withMcp(Mcp replacement) {
    return new Settings(emqx, replacement, topics, transport, mqtt);
  }

  public Settings withTopics(TopicRules replacement) {
    return new Settings(emqx, mcp, replacement, transport, mqtt);
  }

  public Settings withMqtt(MqttSettings replacement) {
    return new Settings(emqx, mcp, topics, transport, replacement);
  }

  /** How to reach EMQX's REST API. */
  public record Emqx(String apiUrl, String apiKey, Secret apiSecret, Duration requestTimeout) {

    /** Both halves of the API key are needed; an empty one is reported on every call. */
    public boolean hasCredentials() {
      return !apiKey.isEmpty() && !apiSecret.isEmpty();
    }

    public Emqx withApi(String url, String key, Secret secret) {
      return new Emqx(url, key, secret, requestTimeout);
    }
  }

  /**
   * How the MCP side behaves, and the operator's safety rules.
   *
   * @param auditLog the audit file, or null when auditing is off
   * @param mutationsPerMinute most calls of broker-changing tools per minute; 0 means no limit
   */
  public record Mcp(boolean readOnly, List<String> toolsEnabled, List<String> toolsDisabled,
      List<String> protectedClients, Path auditLog, boolean confirmDestructive, int mutationsPerMinute) {

    public Mcp {
      toolsEnabled = List.copyOf(toolsEnabled);
      toolsDisabled = List.copyOf(toolsDisabled);
      protectedClients = List.copyOf(protectedClients);
    }

    /** The same settings with the audit log off (for tests and --list-tools, which change nothing). */
    public Mcp withoutAudit() {
      return new Mcp(readOnly, toolsEnabled, toolsDisabled, protectedClients, null, confirmDestructive,
          mutationsPerMinute);
    }

    /** Every tool offered, no protected clients, no audit file, no confirmation, no rate limit. */
    public Mcp(boolean readOnly) {
      this(readOnly, List.of("*"), List.of(), List.of(), null, false, 0);
    }
  }

  /** How MCP is served: on stdio, or over HTTP with {@code http} (read in both modes, used in one). */
  public record Transport(Kind kind, HttpSettings http) {
    public enum Kind { STDIO, HTTP }

    /** stdio, with the HTTP settings at their defaults: for settings built by hand (tests). */
    public static Transport stdio() {
      return new Transport(Kind.STDIO, HttpSettings.defaults());
    }
  }

  /**
   * Loads the settings. Precedence, highest first: {@code flags} (config keys set from the command
   * line), environment variables, the {@code --config} file, the bundled {@code application.conf}.
   * The layers are merged explicitly rather than with {@code ${?ENV}} substitutions in the defaults,
   * because a substitution in the defaults would let the file outrank the environment.
   *
   * @throws IllegalArgumentException naming the key when a value is invalid or the file is unreadable
   */
  public static Settings load(Map<String, String> flags, Map<String, String> env, File configFile) {
    return load(flags, env, configFile, Map.of());
  }

  /** Defaults of {@code --mock-emqx}: its demo changes go to their own audit file unless one is set. */
  public static final Map<String, String> MOCK_DEFAULTS = Map.of("mcp.audit-log", "~/.emqx-mcp/audit-mock.log");

  /**
   * As above, with {@code modeDefaults} (such as {@link #MOCK_DEFAULTS}) ranked just above the bundled
   * defaults: they replace a default, never a value the user set in a file, the environment or a flag.
   */
  public static Settings load(Map<String, String> flags, Map<String, String> env, File configFile,
      Map<String, String> modeDefaults) {
    Config defaults = ConfigFactory.parseResources(Settings.class.getClassLoader(), "application.conf");
    Config file = ConfigFactory.empty();
    if (configFile != null) {
      if (!configFile.isFile()) {
        throw new IllegalArgumentException("--config: no such file: " + configFile);
      }
      try {
        file = ConfigFactory.parseFile(configFile, ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new IllegalArgumentException("--config " + configFile + ": " + e.getMessage(), e);
      }
    }
    Map<String, Object> fromEnv = new LinkedHashMap<>();
    ENV_KEYS.forEach(
        (var, key) -> {
          String value = env.get(var);
          if (value != null && !value.isBlank()) {
            fromEnv.put(key, LIST_KEYS.contains(key)
                ? Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList()
                : value.trim());
          }
        });
    Config merged =
        ConfigFactory.parseMap(flags, "command line")
            .withFallback(ConfigFactory.parseMap(fromEnv, "environment"))
            .withFallback(file)
            .withFallback(ConfigFactory.parseMap(modeDefaults, "mode defaults"))
            .withFallback(defaults)
            .resolve();
    try {
      merged.checkValid(defaults, "emqx", "mcp", "topics", "mqtt");
      return from(merged, env.get("HOME"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  static Settings from(Config c) {
    return from(c, System.getenv("HOME"));
  }

  /** @param home {@code $HOME}, for a leading {@code ~} in paths */
  static Settings from(Config c, String home) {
    Duration timeout = c.getDuration("emqx.request-timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("emqx.request-timeout must be positive, got " + timeout);
    }
    Emqx emqx =
        new Emqx(
            normalizeApiUrl(c.getString("emqx.api-url")),
            c.getString("emqx.api-key").trim(),
            new Secret(c.getString("emqx.api-secret")),
            timeout);
    int perMinute = c.getInt("mcp.mutations-per-minute");
    if (perMinute < 0) {
      throw new IllegalArgumentException("mcp.mutations-per-minute must be 0 (no limit) or more, got " + perMinute);
    }
    Mcp mcp = new Mcp(c.getBoolean("mcp.read-only"), c.getStringList("mcp.tools.enabled"),
        c.getStringList("mcp.tools.disabled"), c.getStringList("mcp.protected-clients"),
        auditPath(c.getString("mcp.audit-log"), home), c.getBoolean("mcp.confirm-destructive"), perMinute);
    return new Settings(emqx, mcp, topics(c), transport(c), MqttSettings.from(c, emqx.apiUrl()));
  }

  /**
   * {@code off} (or empty) disables the audit log; a leading {@code ~/} is {@code $HOME}, as in a
   * shell, not Java's {@code user.home} (which comes from the password database and differs from
   * {@code $HOME} under sudo, in containers and in services that set HOME). Only when HOME is not
   * set is it the password database's home, which is also what a shell does then.
   */
  static Path auditPath(String raw, String home) {
    String value = raw.trim();
    if (value.isEmpty() || value.equalsIgnoreCase("off")) {
      return null;
    }
    if (value.equals("~") || value.startsWith("~/")) {
      value = (home == null || home.isBlank() ? System.getProperty("user.home") : home) + value.substring(1);
    }
    return Path.of(value);
  }

  private static Transport transport(Config c) {
    String kind = c.getString("mcp.transport").trim().toLowerCase(Locale.ROOT);
    if (!kind.equals("stdio") && !kind.equals("http")) {
      throw new IllegalArgumentException("mcp.transport must be stdio or http, got '" + kind + "'");
    }
    HttpSettings http = HttpSettings.from(c);
    if (kind.equals("http")) {
      http.requireTokenBeyondLoopback();
      return new Transport(Transport.Kind.HTTP, http);
    }
    return new Transport(Transport.Kind.STDIO, http);
  }

  /** The topic policy; {@link TopicRules#of} rejects a bad pattern, naming its entry. */
  private static TopicRules topics(Config c) {
    List<TopicRules.Rule> rules = new ArrayList<>();
    List<? extends Config> entries = c.getConfigList("topics");
    for (int i = 0; i < entries.size(); i++) {
      Config entry = entries.get(i);
      String where = "topics[" + i + "]";
      if (!entry.hasPath("pattern")) {
        throw new IllegalArgumentException(where + ": 'pattern' is missing");
      }
      Set<TopicRules.Permission> permissions = EnumSet.noneOf(TopicRules.Permission.class);
      for (String name : entry.hasPath("permissions") ? entry.getStringList("permissions") : List.<String>of()) {
        try {
          permissions.add(TopicRules.Permission.parse(name));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + " (pattern '" + entry.getString("pattern") + "'): "
              + e.getMessage(), e);
        }
      }
      rules.add(new TopicRules.Rule(entry.getString("pattern"), permissions,
          entry.hasPath("description") ? entry.getString("description") : ""));
    }
    return TopicRules.of(rules);
  }

  /**
   * Accepts the API base with or without {@code /api/v5} (the contract says both work) and returns
   * it with the suffix and no trailing slash.
   */
  public static String normalizeApiUrl(String raw) {
    String url = raw.trim();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("emqx.api-url is not a URL: " + url, e);
    }
    if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "emqx.api-url must be an http(s) URL such as http://127.0.0.1:18083/api/v5, got " + url);
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "emqx.api-url must not carry credentials; use emqx.api-key and emqx.api-secret");
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url.endsWith("/api/v5") ? url : url + "/api/v5";
  }
}
