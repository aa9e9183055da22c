package io.emqx.mcp.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.emqx.mcp.policy.TopicRules;
import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting, read once at start-up from the layered configuration. Nothing below {@code Main}
 * touches Typesafe Config: it receives these records.
 */
public record Settings(Emqx emqx, Mcp mcp, TopicRules topics, MqttSettings mqtt) {

  /** Environment variables and the config keys they set (the contract's table). */
  static final Map<String, String> ENV_KEYS =
      Map.ofEntries(
          Map.entry("EMQX_API_URL", "emqx.api-url"),
          Map.entry("EMQX_API_KEY", "emqx.api-key"),
          Map.entry("EMQX_API_SECRET", "emqx.api-secret"),
          Map.entry("EMQX_REQUEST_TIMEOUT", "emqx.request-timeout"),
          Map.entry("EMQX_MCP_READ_ONLY", "mcp.read-only"),
          Map.entry("EMQX_MQTT_URL", "mqtt.url"),
          Map.entry("EMQX_MQTT_USERNAME", "mqtt.username"),
          Map.entry("EMQX_MQTT_PASSWORD", "mqtt.password"),
          Map.entry("EMQX_MQTT_CA_FILE", "mqtt.ca-file"),
          Map.entry("EMQX_MQTT_CLIENT_ID_PREFIX", "mqtt.client-id-prefix"),
          Map.entry("EMQX_MQTT_RESPONSE_TOPIC_PREFIX", "mqtt.response-topic-prefix"));

  /** Settings with the MQTT defaults for the API's host (tests and callers that have no MQTT to say). */
  public Settings(Emqx emqx, Mcp mcp, TopicRules topics) {
    this(emqx, mcp, topics, MqttSettings.defaultsFor(emqx.apiUrl()));
  }

  public Settings withEmqx(Emqx replacement) {
    return new Settings(replacement, mcp, topics, mqtt);
  }

  public Settings withTopics(TopicRules replacement) {
    return new Settings(emqx, mcp, replacement, mqtt);
  }

  public Settings withMqtt(MqttSettings replacement) {
    return new Settings(emqx, mcp, topics, replacement);
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

  /** How the MCP side behaves. */
  public record Mcp(boolean readOnly) {}

  /**
   * Loads the settings. Precedence, highest first: {@code flags} (config keys set from the command
   * line), environment variables, the {@code --config} file, the bundled {@code application.conf}.
   * The layers are merged explicitly rather than with {@code ${?ENV}} substitutions in the defaults,
   * because a substitution in the defaults would let the file outrank the environment.
   *
   * @throws IllegalArgumentException naming the key when a value is invalid or the file is unreadable
   */
  public static Settings load(Map<String, String> flags, Map<String, String> env, File configFile) {
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
    Map<String, String> fromEnv = new LinkedHashMap<>();
    ENV_KEYS.forEach(
        (var, key) -> {
          String value = env.get(var);
          if (value != null && !value.isBlank()) {
            fromEnv.put(key, value.trim());
          }
        });
    Config merged =
        ConfigFactory.parseMap(flags, "command line")
            .withFallback(ConfigFactory.parseMap(fromEnv, "environment"))
            .withFallback(file)
            .withFallback(defaults)
            .resolve();
    try {
      merged.checkValid(defaults, "emqx", "mcp", "topics", "mqtt");
      return from(merged);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  static Settings from(Config c) {
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
    return new Settings(emqx, new Mcp(c.getBoolean("mcp.read-only")), topics(c),
        MqttSettings.from(c, emqx.apiUrl()));
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
