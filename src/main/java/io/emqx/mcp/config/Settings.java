package io.emqx.mcp.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueType;
import io.emqx.mcp.topic.TopicRules;
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
import java.util.function.Consumer;

/**
 * Every setting, read once at start-up from the layered configuration. Nothing below {@code Main}
 * touches Typesafe Config: it receives these records.
 */
public record Settings(
    Emqx emqx,
    Mcp mcp,
    TopicRules topics,
    Transport transport,
    MqttSettings mqtt,
    List<Cluster> clusterBlocks,
    String defaultCluster) {

  /** The name of the one cluster the single-cluster settings ({@code emqx.*}) define. */
  public static final String DEFAULT_CLUSTER = "default";

  /** What a cluster may be called: it is an enum value in tool schemas and a word in messages. */
  static final java.util.regex.Pattern CLUSTER_NAME =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  /**
   * @param emqx the default cluster's REST API (with {@code clusters}, the block {@code
   *     default-cluster} names)
   * @param mqtt the default cluster's MQTT listener
   * @param clusterBlocks the {@code clusters { … }} blocks, empty when the single-cluster settings
   *     are used; see {@link #clusters()}
   * @param defaultCluster the cluster of a call that names none
   */
  public Settings {
    clusterBlocks = List.copyOf(clusterBlocks);
  }

  /** One cluster, named {@value #DEFAULT_CLUSTER}: the single-cluster settings. */
  public Settings(Emqx emqx, Mcp mcp, TopicRules topics, Transport transport, MqttSettings mqtt) {
    this(emqx, mcp, topics, transport, mqtt, List.of(), DEFAULT_CLUSTER);
  }

  /**
   * One EMQX cluster: a {@code clusters.<name>} block, or the single-cluster settings. The last
   * three are the block's overrides, null where it says nothing and the global setting applies
   * ({@link #readOnly(Cluster)}, {@link #protectedClients(Cluster)}, {@link #topics(Cluster)}).
   */
  public record Cluster(
      String name,
      Emqx emqx,
      MqttSettings mqtt,
      Boolean readOnly,
      List<String> protectedClients,
      TopicRules topics) {

    public Cluster {
      protectedClients = protectedClients == null ? null : List.copyOf(protectedClients);
    }

    /** A cluster with no overrides (tests, the single-cluster settings). */
    public Cluster(String name, Emqx emqx, MqttSettings mqtt) {
      this(name, emqx, mqtt, null, null, null);
    }

    public Cluster withEmqx(Emqx replacement) {
      return new Cluster(name, replacement, mqtt, readOnly, protectedClients, topics);
    }

    public Cluster withMqtt(MqttSettings replacement) {
      return new Cluster(name, emqx, replacement, readOnly, protectedClients, topics);
    }

    public Cluster withReadOnly(Boolean replacement) {
      return new Cluster(name, emqx, mqtt, replacement, protectedClients, topics);
    }
  }

  /**
   * Every cluster, in configuration order: the {@code clusters} blocks, or the one cluster named
   * {@value #DEFAULT_CLUSTER} the single-cluster settings define.
   */
  public List<Cluster> clusters() {
    return clusterBlocks.isEmpty()
        ? List.of(new Cluster(DEFAULT_CLUSTER, emqx, mqtt))
        : clusterBlocks;
  }

  /** Whether the cluster refuses broker-changing tools: its {@code read-only}, else the global. */
  public boolean readOnly(Cluster c) {
    return c.readOnly() != null ? c.readOnly() : mcp.readOnly();
  }

  /** The cluster's protected client IDs: its {@code protected-clients}, else the global ones. */
  public List<String> protectedClients(Cluster c) {
    return c.protectedClients() != null ? c.protectedClients() : mcp.protectedClients();
  }

  /** The cluster's topic policy: its {@code topics}, else the global one. */
  public TopicRules topics(Cluster c) {
    return c.topics() != null ? c.topics() : topics;
  }

  /**
   * The same settings with these clusters (and the default one's API and MQTT settings at the top).
   */
  public Settings withClusters(List<Cluster> replacement) {
    if (clusterBlocks.isEmpty()) {
      Cluster only = replacement.get(0);
      return new Settings(only.emqx(), mcp, topics, transport, only.mqtt());
    }
    Cluster d =
        replacement.stream().filter(c -> c.name().equals(defaultCluster)).findFirst().orElseThrow();
    return new Settings(d.emqx(), mcp, topics, transport, d.mqtt(), replacement, defaultCluster);
  }

  /** Environment variables and the config keys they set (the contract's table). */
  static final Map<String, String> ENV_KEYS =
      Map.ofEntries(
          Map.entry("EMQX_API_URL", "emqx.api-url"),
          Map.entry("EMQX_API_KEY", "emqx.api-key"),
          Map.entry("EMQX_API_SECRET", "emqx.api-secret"),
          Map.entry("EMQX_REQUEST_TIMEOUT", "emqx.request-timeout"),
          Map.entry("EMQX_MAX_RESPONSE_SIZE", "emqx.max-response-size"),
          Map.entry("EMQX_MCP_READ_ONLY", "mcp.read-only"),
          Map.entry("EMQX_MCP_DISABLED_TOOLS", "mcp.tools.disabled"),
          Map.entry("EMQX_MCP_TOOLSETS", "mcp.toolsets"),
          Map.entry("EMQX_MCP_DYNAMIC_TOOLSETS", "mcp.dynamic-toolsets"),
          Map.entry("EMQX_MCP_AUDIT_LOG", "mcp.audit-log"),
          Map.entry("EMQX_MCP_TRANSPORT", "mcp.transport"),
          Map.entry("EMQX_MCP_AUTH_TOKEN", "mcp.http.auth-token"),
          Map.entry("EMQX_MCP_ALLOWED_ORIGINS", "mcp.http.allowed-origins"),
          Map.entry("EMQX_MQTT_URL", "mqtt.url"),
          Map.entry("EMQX_MQTT_USERNAME", "mqtt.username"),
          Map.entry("EMQX_MQTT_PASSWORD", "mqtt.password"),
          Map.entry("EMQX_MQTT_CA_FILE", "mqtt.ca-file"),
          Map.entry("EMQX_MQTT_CLIENT_ID_PREFIX", "mqtt.client-id-prefix"),
          Map.entry("EMQX_MQTT_RESPONSE_TOPIC_PREFIX", "mqtt.response-topic-prefix"));

  /** Keys whose environment variable holds a comma-separated list. */
  private static final Set<String> LIST_KEYS = Set.of("mcp.tools.disabled", "mcp.toolsets");

  /**
   * List keys that the environment and the command line add to rather than replace: an extra origin
   * must not take away the loopback ones (nor the file's).
   */
  private static final String ALLOWED_ORIGINS = "mcp.http.allowed-origins";

  /** Command-line flags that set a config key (CommandLine parses them; errors name them). */
  public static final Map<String, String> FLAGS =
      Map.of(
          "--toolsets", "mcp.toolsets",
          "--transport", "mcp.transport",
          "--host", "mcp.http.host",
          "--port", "mcp.http.port",
          "--allowed-origins", ALLOWED_ORIGINS);

  /**
   * Settings served over stdio, with the MQTT defaults for the API's host (tests, callers with
   * nothing to say).
   */
  public Settings(Emqx emqx, Mcp mcp, TopicRules topics) {
    this(emqx, mcp, topics, Transport.stdio(), MqttSettings.defaultsFor(emqx.apiUrl()));
  }

  /** The single-cluster settings with another API (with {@code clusters}: see withClusters). */
  public Settings withEmqx(Emqx replacement) {
    return new Settings(replacement, mcp, topics, transport, mqtt, clusterBlocks, defaultCluster);
  }

  public Settings withMcp(Mcp replacement) {
    return new Settings(emqx, replacement, topics, transport, mqtt, clusterBlocks, defaultCluster);
  }

  public Settings withTopics(TopicRules replacement) {
    return new Settings(emqx, mcp, replacement, transport, mqtt, clusterBlocks, defaultCluster);
  }

  public Settings withMqtt(MqttSettings replacement) {
    return new Settings(emqx, mcp, topics, transport, replacement, clusterBlocks, defaultCluster);
  }

  public Settings withTransport(Transport replacement) {
    return new Settings(emqx, mcp, topics, replacement, mqtt, clusterBlocks, defaultCluster);
  }

  /**
   * How to reach EMQX's REST API.
   *
   * @param maxResponseSize the most bytes of one EMQX answer that are read (decompressed bytes)
   * @param tls the {@code tls} block: CA, client certificate, name check (used for https://)
   */
  public record Emqx(
      String apiUrl,
      String apiKey,
      Secret apiSecret,
      Duration requestTimeout,
      int maxResponseSize,
      TlsSettings tls) {

    public Emqx {
      tls = tls == null ? TlsSettings.defaults("emqx.tls") : tls;
    }

    /** With the default TLS settings (the JVM's trust store, no client certificate). */
    public Emqx(
        String apiUrl,
        String apiKey,
        Secret apiSecret,
        Duration requestTimeout,
        int maxResponseSize) {
      this(apiUrl, apiKey, apiSecret, requestTimeout, maxResponseSize, null);
    }

    /**
     * The default of {@code emqx.max-response-size}: 4 MiB (a page of 100 full client records is
     * ~110 KB).
     */
    public static final int DEFAULT_MAX_RESPONSE_SIZE = 4 << 20;

    /**
     * Bounds of {@code emqx.max-response-size}: below 64 KiB real answers fail; above 1 GiB the
     * heap does.
     */
    static final long MIN_RESPONSE_SIZE = 64 << 10;

    static final long MAX_RESPONSE_SIZE = 1L << 30;

    /** With the default response cap (tests, callers with nothing to say). */
    public Emqx(String apiUrl, String apiKey, Secret apiSecret, Duration requestTimeout) {
      this(apiUrl, apiKey, apiSecret, requestTimeout, DEFAULT_MAX_RESPONSE_SIZE);
    }

    /** Both halves of the API key are needed; an empty one is reported on every call. */
    public boolean hasCredentials() {
      return !apiKey.isEmpty() && !apiSecret.isEmpty();
    }

    /**
     * What is missing of the API key, for the start-up warning and every call that needs EMQX; null
     * when both halves are set. Names the half that is missing, since a key without its secret
     * otherwise reads as "nothing configured".
     */
    public String missingCredentials() {
      String where =
          " (Dashboard > System > API Keys shows the key; the secret is shown once, when it is created)";
      if (apiKey.isEmpty() && apiSecret.isEmpty()) {
        return "no EMQX API key configured: set EMQX_API_KEY and EMQX_API_SECRET (or emqx.api-key and "
            + "emqx.api-secret) to a key created under Dashboard > System > API Keys";
      }
      if (apiSecret.isEmpty()) {
        return "the API secret is missing: API key '"
            + apiKey
            + "' is set, but EMQX_API_SECRET (emqx.api-secret) "
            + "is empty; set it to that key's secret"
            + where;
      }
      if (apiKey.isEmpty()) {
        return "the API key is missing: an API secret is set, but EMQX_API_KEY (emqx.api-key) is empty; set it "
            + "to the key the secret belongs to"
            + where;
      }
      return null;
    }

    public Emqx withApi(String url, String key, Secret secret) {
      return new Emqx(url, key, secret, requestTimeout, maxResponseSize, tls);
    }

    public Emqx withTls(TlsSettings replacement) {
      return new Emqx(apiUrl, apiKey, apiSecret, requestTimeout, maxResponseSize, replacement);
    }
  }

  /**
   * How the MCP side behaves, and the operator's safety rules.
   *
   * @param auditLog the audit file, or null when auditing is off
   * @param mutationsPerMinute most calls of broker-changing tools per minute; 0 means no limit
   */
  public record Mcp(
      boolean readOnly,
      List<String> toolsEnabled,
      List<String> toolsDisabled,
      List<String> protectedClients,
      Path auditLog,
      boolean confirmDestructive,
      int mutationsPerMinute,
      Toolsets toolsets) {

    public Mcp {
      toolsEnabled = List.copyOf(toolsEnabled);
      toolsDisabled = List.copyOf(toolsDisabled);
      protectedClients = List.copyOf(protectedClients);
    }

    /** With every toolset on and no dynamic toolsets (settings built by hand: tests). */
    public Mcp(
        boolean readOnly,
        List<String> toolsEnabled,
        List<String> toolsDisabled,
        List<String> protectedClients,
        Path auditLog,
        boolean confirmDestructive,
        int mutationsPerMinute) {
      this(
          readOnly,
          toolsEnabled,
          toolsDisabled,
          protectedClients,
          auditLog,
          confirmDestructive,
          mutationsPerMinute,
          Toolsets.ALL);
    }

    /**
     * The same settings with the audit log off (for tests and --list-tools, which change nothing).
     */
    public Mcp withoutAudit() {
      return new Mcp(
          readOnly,
          toolsEnabled,
          toolsDisabled,
          protectedClients,
          null,
          confirmDestructive,
          mutationsPerMinute,
          toolsets);
    }

    public Mcp withReadOnly(boolean replacement) {
      return new Mcp(
          replacement,
          toolsEnabled,
          toolsDisabled,
          protectedClients,
          auditLog,
          confirmDestructive,
          mutationsPerMinute,
          toolsets);
    }

    public Mcp withToolsets(Toolsets replacement) {
      return new Mcp(
          readOnly,
          toolsEnabled,
          toolsDisabled,
          protectedClients,
          auditLog,
          confirmDestructive,
          mutationsPerMinute,
          replacement);
    }

    /** Every tool offered, no protected clients, no audit file, no confirmation, no rate limit. */
    public Mcp(boolean readOnly) {
      this(readOnly, List.of("*"), List.of(), List.of(), null, false, 0);
    }
  }

  /**
   * Which toolsets are offered ({@code mcp.toolsets}) and whether the agent may turn on more
   * ({@code mcp.dynamic-toolsets}).
   *
   * @param named the entries as the operator wrote them (for messages)
   * @param on the toolsets they select
   */
  public record Toolsets(List<String> named, Set<Toolset> on, boolean dynamic) {

    public static final Toolsets ALL = new Toolsets(List.of(Toolset.ALL), Toolset.all(), false);

    public Toolsets {
      named = List.copyOf(named);
      on =
          java.util.Collections.unmodifiableSet(
              on.isEmpty() ? EnumSet.noneOf(Toolset.class) : EnumSet.copyOf(on));
    }

    /**
     * Reads {@code mcp.toolsets}: toolset names, {@code default} (the toolsets marked so) and
     * {@code all}, in any case.
     *
     * @throws ConfigProblem naming the entry that is no toolset, and the one it was probably meant
     *     to be
     */
    public static Toolsets parse(List<String> entries, boolean dynamic) {
      String key = "mcp.toolsets";
      Set<Toolset> on = EnumSet.noneOf(Toolset.class);
      List<String> words = new ArrayList<>();
      Toolset.selectableValues().forEach(t -> words.add(t.id()));
      words.add(Toolset.DEFAULT);
      words.add(Toolset.ALL);
      for (String raw : entries) {
        String entry = raw.trim().toLowerCase(Locale.ROOT);
        if (entry.equals(Toolset.ALL)) {
          on.addAll(Toolset.all());
        } else if (entry.equals(Toolset.DEFAULT)) {
          on.addAll(Toolset.defaults());
        } else if (Toolset.byId(entry) != null) {
          on.add(Toolset.byId(entry));
        } else if (entry.equals(Toolset.TOOLSETS.id())) {
          throw new ConfigProblem(
              key,
              "'"
                  + raw.trim()
                  + "' is not chosen here: list_toolsets and enable_toolset "
                  + "are offered when mcp.dynamic-toolsets = true (EMQX_MCP_DYNAMIC_TOOLSETS)");
        } else {
          List<String> near = Spelling.nearest(entry, words, 3);
          throw new ConfigProblem(
              key,
              "'"
                  + Sources.shown(raw.trim())
                  + "' is not a toolset"
                  + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?")
                  + " Toolsets: "
                  + String.join(", ", words.subList(0, words.size() - 2))
                  + "; or default, all");
        }
      }
      if (on.isEmpty() && !dynamic) {
        throw new ConfigProblem(
            key,
            "names no toolset, so no tool would be offered; name toolsets, default "
                + "or all (or set mcp.dynamic-toolsets = true to let the agent turn them on)");
      }
      return new Toolsets(entries.stream().map(String::trim).toList(), on, dynamic);
    }
  }

  /**
   * How MCP is served: on stdio, or over HTTP with {@code http} (read in both modes, used in one).
   */
  public record Transport(Kind kind, HttpSettings http) {
    public enum Kind {
      STDIO,
      HTTP
    }

    /** stdio, with the HTTP settings at their defaults: for settings built by hand (tests). */
    public static Transport stdio() {
      return new Transport(Kind.STDIO, HttpSettings.defaults());
    }

    public Transport withHttp(HttpSettings replacement) {
      return new Transport(kind, replacement);
    }
  }

  /** {@link #load(Map, Map, File, Consumer)} with its warnings dropped (tests). */
  public static Settings load(Map<String, String> flags, Map<String, String> env, File configFile) {
    return load(flags, env, configFile, warning -> {});
  }

  /**
   * Loads the settings. Precedence, highest first: {@code flags} (config keys set from the command
   * line), environment variables, the {@code --config} file, the bundled {@code application.conf}.
   * The layers are merged explicitly rather than with {@code ${?ENV}} substitutions in the
   * defaults, because a substitution in the defaults would let the file outrank the environment.
   * The bundled defaults are the schema: a key they lack, or a value of another type, stops the
   * start.
   *
   * @param warnings receives what is suspicious but not fatal (an unknown EMQX_MCP_* variable)
   * @throws IllegalArgumentException naming what the user set (the variable, the flag, or the key
   *     and its file) when a value is invalid, a key unknown, or the file unreadable; one line per
   *     problem
   */
  public static Settings load(
      Map<String, String> flags,
      Map<String, String> env,
      File configFile,
      Consumer<String> warnings) {
    return load(flags, env, configFile, Map.of(), warnings);
  }

  /**
   * Defaults of {@code --mock-emqx}: its demo changes go to their own audit file unless one is set.
   */
  public static final Map<String, String> MOCK_DEFAULTS =
      Map.of("mcp.audit-log", "~/.emqx-mcp/audit-mock.log");

  /** With no warnings to report (tests). */
  public static Settings load(
      Map<String, String> flags,
      Map<String, String> env,
      File configFile,
      Map<String, String> modeDefaults) {
    return load(flags, env, configFile, modeDefaults, warning -> {});
  }

  /**
   * As above, with {@code modeDefaults} (such as {@link #MOCK_DEFAULTS}) ranked just above the
   * bundled defaults: they replace a default, never a value the user set in a file, the environment
   * or a flag.
   */
  public static Settings load(
      Map<String, String> flags,
      Map<String, String> env,
      File configFile,
      Map<String, String> modeDefaults,
      Consumer<String> warnings) {
    Config defaults = Defaults.bundled();
    Config file = ConfigFactory.empty();
    if (configFile != null) {
      if (!configFile.isFile()) {
        throw new IllegalArgumentException("--config: no such file: " + configFile);
      }
      try {
        file =
            ConfigFactory.parseFile(
                configFile, ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new IllegalArgumentException("--config " + configFile + ": " + e.getMessage(), e);
      }
    }
    Environment.warnings(env, ENV_KEYS.keySet()).forEach(warnings);
    Map<String, Object> fromEnv = new LinkedHashMap<>();
    Map<String, String> envVarOfKey = new LinkedHashMap<>();
    ENV_KEYS.forEach(
        (var, key) -> {
          String value = env.get(var);
          if (value != null && !value.isBlank() && !key.equals(ALLOWED_ORIGINS)) {
            envVarOfKey.put(key, var);
            fromEnv.put(
                key, LIST_KEYS.contains(key) ? commaList(value) : envValue(defaults, key, value));
          }
        });
    Map<String, String> flagKeys = new LinkedHashMap<>(flags);
    String flagOrigins = flagKeys.remove(ALLOWED_ORIGINS);
    Sources sources = new Sources(flagKeys, envVarOfKey, env);
    Map<String, Object> fromFlags = new LinkedHashMap<>();
    flagKeys.forEach(
        (key, value) -> fromFlags.put(key, LIST_KEYS.contains(key) ? commaList(value) : value));
    Config merged;
    try {
      merged =
          ConfigFactory.parseMap(fromFlags, "command line")
              .withFallback(ConfigFactory.parseMap(fromEnv, "environment"))
              .withFallback(file)
              .withFallback(ConfigFactory.parseMap(modeDefaults, "mode defaults"))
              .withFallback(defaults)
              .resolve();
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    ConfigCheck.Outcome checked = ConfigCheck.run(merged, defaults, sources);
    checked.warnings().forEach(warnings);
    if (!checked.errors().isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", checked.errors()));
    }
    refuseBothStyles(merged, defaults, flagKeys, envVarOfKey, sources);
    List<String> extraOrigins = new ArrayList<>();
    extraOrigins.addAll(
        origins(
            "EMQX_MCP_ALLOWED_ORIGINS="
                + Sources.shown(env.getOrDefault("EMQX_MCP_ALLOWED_ORIGINS", "")),
            env.get("EMQX_MCP_ALLOWED_ORIGINS")));
    extraOrigins.addAll(
        origins("--allowed-origins " + Sources.shown(String.valueOf(flagOrigins)), flagOrigins));
    Settings settings;
    try {
      settings = from(merged, env.get("HOME"));
    } catch (ConfigProblem p) {
      throw new IllegalArgumentException(sources.describe(p.key(), merged) + ": " + p.detail(), p);
    } catch (ConfigException e) {
      // The check above should have caught it; this keeps the origin (file and line) at least.
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (extraOrigins.isEmpty()) {
      return settings;
    }
    Transport t = settings.transport();
    return settings.withTransport(t.withHttp(t.http().allowing(extraOrigins)));
  }

  /**
   * The settings that say where one EMQX is and how to log in: with {@code clusters}, each block
   * says that for itself, so one of these set as well would be silently ignored or silently applied
   * to every cluster.
   */
  private static final List<String> SINGLE_CLUSTER_KEYS =
      List.of(
          "emqx.api-url",
          "emqx.api-key",
          "emqx.api-secret",
          "mqtt.url",
          "mqtt.username",
          "mqtt.password");

  /**
   * Refuses the single-cluster address and credentials ({@link #SINGLE_CLUSTER_KEYS}) next to
   * {@code clusters}: set by a flag, a variable or a file, not by the bundled defaults. The other
   * {@code emqx.*} and {@code mqtt.*} keys (timeouts, sizes, prefixes) are the defaults of every
   * cluster block.
   */
  private static void refuseBothStyles(
      Config merged,
      Config defaults,
      Map<String, String> flags,
      Map<String, String> envVars,
      Sources sources) {
    if (!merged.hasPath("clusters") || merged.getObject("clusters").isEmpty()) {
      return;
    }
    for (String key : SINGLE_CLUSTER_KEYS) {
      boolean set =
          flags.containsKey(key)
              || envVars.containsKey(key)
              || merged.hasPath(key)
                  && !merged
                      .getValue(key)
                      .origin()
                      .description()
                      .equals(defaults.getValue(key).origin().description());
      if (set) {
        String leaf = key.substring(key.indexOf('.') + 1);
        throw new IllegalArgumentException(
            sources.describe(key, merged)
                + ": "
                + key
                + " is a single-cluster setting, and clusters { … } is configured too; set it in "
                + "each cluster block instead (clusters.<name>."
                + (key.startsWith("mqtt.") ? "mqtt." : "")
                + leaf
                + ") or remove clusters");
      }
    }
  }

  /**
   * A comma-separated origin list from the environment or a flag, each checked; {@code raw} may be
   * null.
   */
  private static List<String> origins(String what, String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String origin : commaList(raw)) {
      try {
        out.add(HttpSettings.normalizeOrigin(origin));
      } catch (ConfigProblem p) {
        throw new IllegalArgumentException(
            what + ": " + p.detail() + " (" + ALLOWED_ORIGINS + ")", p);
      }
    }
    return out;
  }

  private static List<String> commaList(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  /** Trimmed; a boolean also lower-cased, since HOCON takes only {@code true}, not {@code TRUE}. */
  private static String envValue(Config defaults, String key, String value) {
    boolean bool =
        defaults.hasPath(key) && defaults.getValue(key).valueType() == ConfigValueType.BOOLEAN;
    return bool ? value.trim().toLowerCase(Locale.ROOT) : value.trim();
  }

  static Settings from(Config c) {
    return from(c, System.getenv("HOME"));
  }

  /**
   * @param home {@code $HOME}, for a leading {@code ~} in paths
   */
  static Settings from(Config c, String home) {
    Emqx emqx = emqx(c.getConfig("emqx"), "emqx");
    int perMinute = c.getInt("mcp.mutations-per-minute");
    if (perMinute < 0) {
      throw new ConfigProblem("mcp.mutations-per-minute", "must be 0 (no limit) or more");
    }
    Mcp mcp =
        new Mcp(
            c.getBoolean("mcp.read-only"),
            c.getStringList("mcp.tools.enabled"),
            c.getStringList("mcp.tools.disabled"),
            c.getStringList("mcp.protected-clients"),
            auditPath(c.getString("mcp.audit-log"), home),
            c.getBoolean("mcp.confirm-destructive"),
            perMinute,
            Toolsets.parse(c.getStringList("mcp.toolsets"), c.getBoolean("mcp.dynamic-toolsets")));
    TopicRules topics = topics(c, "topics");
    Transport transport = transport(c);
    Settings single =
        new Settings(emqx, mcp, topics, transport, MqttSettings.from(c, emqx.apiUrl()));
    String defaultName = c.getString("default-cluster").trim();
    if (c.getObject("clusters").isEmpty()) {
      if (!defaultName.isEmpty() && !defaultName.equals(DEFAULT_CLUSTER)) {
        throw new ConfigProblem(
            "default-cluster",
            "names no configured cluster: without clusters { … } the only cluster is '"
                + DEFAULT_CLUSTER
                + "' (the emqx.* settings)");
      }
      return single;
    }
    List<Cluster> clusters = clusters(c);
    List<String> names = clusters.stream().map(Cluster::name).toList();
    if (defaultName.isEmpty()) {
      if (clusters.size() == 1) {
        defaultName = names.get(0);
      } else if (names.contains(DEFAULT_CLUSTER)) {
        defaultName = DEFAULT_CLUSTER;
      } else {
        throw new ConfigProblem(
            "default-cluster",
            "is not set: with more than one cluster, name the one a call without 'cluster' goes "
                + "to (one of "
                + String.join(", ", names)
                + ")");
      }
    } else if (!names.contains(defaultName)) {
      List<String> near = Spelling.nearest(defaultName, names, 3);
      throw new ConfigProblem(
          "default-cluster",
          "names no configured cluster"
              + (near.isEmpty() ? "" : "; did you mean " + Spelling.orList(near) + "?")
              + " The clusters are: "
              + String.join(", ", names));
    }
    return single.withClustersNamed(clusters, defaultName);
  }

  private Settings withClustersNamed(List<Cluster> blocks, String defaultName) {
    Cluster d = blocks.stream().filter(b -> b.name().equals(defaultName)).findFirst().orElseThrow();
    return new Settings(d.emqx(), mcp, topics, transport, d.mqtt(), blocks, defaultName);
  }

  /**
   * The {@code clusters { <name> { … } }} blocks, sorted by name. Each is read by the same
   * functions as the single-cluster settings ({@link #emqx(Config, String)} for the {@code emqx}
   * keys, {@link MqttSettings#from(Config, String, String)} for its {@code mqtt} block), so a key
   * added to those is a cluster key too. What a block leaves out comes from the top-level {@code
   * emqx} and {@code mqtt} blocks (request-timeout, max-response-size, client-id-prefix…), whose
   * address and credential keys {@link #load} refuses next to {@code clusters}.
   */
  private static List<Cluster> clusters(Config c) {
    List<Cluster> out = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(c.getObject("clusters").keySet())) {
      String path = "clusters." + com.typesafe.config.ConfigUtil.joinPath(name);
      if (!CLUSTER_NAME.matcher(name).matches()) {
        throw new ConfigProblem(
            path,
            "'"
                + Sources.shown(name)
                + "' is not a valid cluster name: 1 to 32 of a-z, 0-9, '-' and '_', "
                + "starting with a letter or digit (e.g. prod, eu-west-1)");
      }
      Config block = c.getConfig(path);
      if (!block.hasPath("api-url")) {
        throw new ConfigProblem(
            path + ".api-url", "is missing: every cluster names its EMQX API URL");
      }
      Emqx emqx = emqx(block.withFallback(c.getConfig("emqx")), path);
      Config mqtt = block.hasPath("mqtt") ? block.getConfig("mqtt") : ConfigFactory.empty();
      out.add(
          new Cluster(
              name,
              emqx,
              MqttSettings.from(
                  mqtt.withFallback(c.getConfig("mqtt")), path + ".mqtt", emqx.apiUrl()),
              block.hasPath("read-only") ? block.getBoolean("read-only") : null,
              block.hasPath("protected-clients") ? block.getStringList("protected-clients") : null,
              block.hasPath("topics") ? topics(block, path + ".topics") : null));
    }
    return out;
  }

  /**
   * Reads one EMQX API block: the top-level {@code emqx { … }}, or a {@code clusters.<name>} block.
   *
   * @param block the block's keys (with their defaults)
   * @param path where the block is, for the keys problems name
   */
  static Emqx emqx(Config block, String path) {
    Duration timeout = block.getDuration("request-timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ConfigProblem(path + ".request-timeout", "must be positive, e.g. 15s");
    }
    String apiUrl = normalizeApiUrl(block.getString("api-url"), path);
    return new Emqx(
        apiUrl,
        block.getString("api-key").trim(),
        new Secret(block.getString("api-secret")),
        timeout,
        maxResponseSize(block, path),
        TlsSettings.from(
            block,
            "tls",
            path + ".tls",
            apiUrl.regionMatches(true, 0, "https:", 0, 6),
            path + ".api-url"));
  }

  /**
   * {@code max-response-size}: a HOCON size ("4MiB", or bytes), within sane bounds. Whether it is a
   * size at all the schema check has already said, naming what the user set.
   */
  private static int maxResponseSize(Config block, String path) {
    long bytes = block.getBytes("max-response-size");
    if (bytes < Emqx.MIN_RESPONSE_SIZE || bytes > Emqx.MAX_RESPONSE_SIZE) {
      throw new ConfigProblem(path + ".max-response-size", "must be between 64KiB and 1GiB");
    }
    return (int) bytes;
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
      value =
          (home == null || home.isBlank() ? System.getProperty("user.home") : home)
              + value.substring(1);
    }
    return Path.of(value);
  }

  private static Transport transport(Config c) {
    String kind = c.getString("mcp.transport").trim().toLowerCase(Locale.ROOT);
    if (!kind.equals("stdio") && !kind.equals("http")) {
      throw new ConfigProblem("mcp.transport", "must be stdio or http");
    }
    HttpSettings http = HttpSettings.from(c);
    if (kind.equals("http")) {
      http.requireTokenBeyondLoopback();
      return new Transport(Transport.Kind.HTTP, http);
    }
    return new Transport(Transport.Kind.STDIO, http);
  }

  /** The topic policy; {@link TopicRules#of} rejects a bad pattern, naming its entry. */
  private static TopicRules topics(Config c, String label) {
    List<TopicRules.Rule> rules = new ArrayList<>();
    List<? extends Config> entries = c.getConfigList("topics");
    for (int i = 0; i < entries.size(); i++) {
      Config entry = entries.get(i);
      String where = label + "[" + i + "]";
      String origin = Sources.where(entry.root().origin());
      if (origin != null) {
        where += " in " + origin;
      }
      if (!entry.hasPath("pattern")) {
        throw new IllegalArgumentException(where + ": 'pattern' is missing");
      }
      try {
        entry.getString("pattern");
        entry.getString(entry.hasPath("description") ? "description" : "pattern");
        if (entry.hasPath("permissions")) {
          entry.getStringList("permissions");
        }
      } catch (ConfigException e) {
        throw new IllegalArgumentException(
            where
                + ": expected { pattern = \"a/+\", permissions = [read, write], "
                + "description = \"…\" } with text values and a list of permissions",
            e);
      }
      Set<TopicRules.Permission> permissions = EnumSet.noneOf(TopicRules.Permission.class);
      for (String name :
          entry.hasPath("permissions") ? entry.getStringList("permissions") : List.<String>of()) {
        try {
          permissions.add(TopicRules.Permission.parse(name));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              where + " (pattern '" + entry.getString("pattern") + "'): " + e.getMessage(), e);
        }
      }
      rules.add(
          new TopicRules.Rule(
              entry.getString("pattern"),
              permissions,
              entry.hasPath("description") ? entry.getString("description") : ""));
    }
    return TopicRules.of(rules);
  }

  /**
   * Accepts the API base with or without {@code /api/v5} (the contract says both work) and returns
   * it with the suffix and no trailing slash.
   */
  public static String normalizeApiUrl(String raw) {
    return normalizeApiUrl(raw, "emqx");
  }

  private static String normalizeApiUrl(String raw, String path) {
    String key = path + ".api-url";
    String url = raw.trim();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(key, "is not a URL; expected e.g. http://127.0.0.1:18083/api/v5", e);
    }
    if (uri.getRawUserInfo() != null) {
      throw new ConfigProblem(
          key,
          "must not carry credentials; use "
              + path
              + ".api-key and "
              + path
              + ".api-secret"
              + (path.equals("emqx") ? " (EMQX_API_KEY, EMQX_API_SECRET)" : ""));
    }
    if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        || uri.getHost() == null) {
      throw new ConfigProblem(key, "must be an http(s) URL such as http://127.0.0.1:18083/api/v5");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new ConfigProblem(
          key,
          "must not have a query (?…) or fragment (#…); expected e.g. "
              + "http://127.0.0.1:18083/api/v5");
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url.endsWith("/api/v5") ? url : url + "/api/v5";
  }
}
