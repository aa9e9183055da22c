package io.emqx.mcp.config;

import com.typesafe.config.Config;
import io.emqx.mcp.topic.Topics;
import java.io.File;
import java.net.URI;
import java.util.Locale;

/**
 * How the MQTT tools reach the broker's MQTT listener. Read once with the rest of {@link Settings};
 * the MQTT connection itself is only opened by the first MQTT tool call.
 *
 * @param url the listener as given, normalised ({@code tcp://host:1883} or {@code ssl://host:8883})
 * @param tls whether {@code url} is {@code ssl://}
 * @param tlsSettings the {@code mqtt.tls} block (CA, client certificate, name check) for {@code
 *     ssl://}; {@code mqtt.ca-file} is the older name of its {@code ca-file}
 * @param clientIdPrefix start of this server's client ID; a random suffix makes it unique per
 *     process
 * @param responseTopicPrefix where {@code mqtt_query} puts the reply topics it makes up
 */
public record MqttSettings(
    String url,
    String host,
    int port,
    boolean tls,
    String username,
    Secret password,
    TlsSettings tlsSettings,
    String clientIdPrefix,
    String responseTopicPrefix) {

  /** The defaults for an API URL: the same host, port 1883, no credentials. */
  public static MqttSettings defaultsFor(String apiUrl) {
    return parse(
        "",
        apiUrl,
        "",
        new Secret(""),
        TlsSettings.defaults("mqtt.tls"),
        "emqx-mcp-",
        "emqx-mcp/replies");
  }

  /** The CA file to trust for {@code ssl://}, or null for the JVM's trust store. */
  public File caFile() {
    return tlsSettings.caFile() == null ? null : tlsSettings.caFile().toFile();
  }

  /** Copy with another listener URL (tests, demos). */
  public MqttSettings withUrl(String newUrl) {
    return parse(
        newUrl, null, username, password, tlsSettings, clientIdPrefix, responseTopicPrefix);
  }

  public MqttSettings withCredentials(String user, Secret secret) {
    return new MqttSettings(
        url, host, port, tls, user, secret, tlsSettings, clientIdPrefix, responseTopicPrefix);
  }

  public MqttSettings withCaFile(File ca) {
    return withTls(tlsSettings.withCaFile(ca == null ? null : ca.toPath()));
  }

  public MqttSettings withTls(TlsSettings replacement) {
    return new MqttSettings(
        url, host, port, tls, username, password, replacement, clientIdPrefix, responseTopicPrefix);
  }

  static MqttSettings from(Config c, String apiUrl) {
    return from(c.getConfig("mqtt"), "mqtt", apiUrl);
  }

  /**
   * Reads one {@code mqtt { … }} block: the top-level one, or a cluster's ({@code
   * clusters.<name>.mqtt}), with its {@code tls} block; {@code ca-file} is the older name of {@code
   * tls.ca-file}.
   *
   * @param block the block's keys (with their defaults)
   * @param path where the block is, for the keys problems name
   */
  static MqttSettings from(Config block, String path, String apiUrl) {
    MqttSettings plain =
        parse(
            path,
            block.getString("url"),
            apiUrl,
            block.getString("username").trim(),
            new Secret(block.getString("password")),
            TlsSettings.defaults(path + ".tls"),
            block.getString("client-id-prefix").trim(),
            block.getString("response-topic-prefix").trim());
    TlsSettings tls = TlsSettings.from(block, "tls", path + ".tls", plain.tls(), path + ".url");
    String older = block.hasPath("ca-file") ? block.getString("ca-file").trim() : "";
    if (!older.isEmpty()) {
      if (tls.caFile() != null) {
        throw new ConfigProblem(
            path + ".ca-file",
            "is the older name of "
                + path
                + ".tls.ca-file, which is set too: keep "
                + path
                + ".tls.ca-file");
      }
      // The older key keeps working: it is tls.ca-file, read and checked the same way (and, as
      // before, ignored for tcp://).
      Config alias = block.withValue("tls.ca-file", block.getValue("ca-file"));
      try {
        tls = TlsSettings.from(alias, "tls", path + ".tls", true, path + ".url");
      } catch (ConfigProblem p) {
        throw p.key().equals(path + ".tls.ca-file")
            ? new ConfigProblem(path + ".ca-file", p.detail(), p)
            : p;
      }
    }
    return plain.withTls(tls);
  }

  /**
   * @param apiUrl where an empty {@code url} takes its host from (the contract's default)
   * @throws IllegalArgumentException naming the key
   */
  static MqttSettings parse(
      String rawUrl,
      String apiUrl,
      String username,
      Secret password,
      TlsSettings tlsSettings,
      String clientIdPrefix,
      String responseTopicPrefix) {
    return parse(
        "mqtt",
        rawUrl,
        apiUrl,
        username,
        password,
        tlsSettings,
        clientIdPrefix,
        responseTopicPrefix);
  }

  private static MqttSettings parse(
      String path,
      String rawUrl,
      String apiUrl,
      String username,
      Secret password,
      TlsSettings tlsSettings,
      String clientIdPrefix,
      String responseTopicPrefix) {
    String raw = rawUrl.trim();
    if (raw.isEmpty()) {
      raw = "tcp://" + URI.create(apiUrl).getHost() + ":1883";
    }
    URI uri;
    try {
      uri = URI.create(raw);
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(
          path + ".url", "is not a URL; expected tcp://host:1883 or ssl://host:8883", e);
    }
    if (uri.getRawUserInfo() != null) {
      throw new ConfigProblem(
          path + ".url",
          "must not carry credentials; use "
              + path
              + ".username and "
              + path
              + ".password"
              + (path.equals("mqtt") ? " (EMQX_MQTT_USERNAME, EMQX_MQTT_PASSWORD)" : ""));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls =
        switch (scheme) {
          case "tcp", "mqtt" -> false;
          case "ssl", "tls", "mqtts" -> true;
          default ->
              throw new ConfigProblem(
                  path + ".url",
                  "must be tcp://host:1883 or ssl://host:8883 (mqtt:// and mqtts:// work too)");
        };
    if (uri.getHost() == null
        || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new ConfigProblem(
          path + ".url",
          "must be scheme://host[:port] with nothing after the port (no path, "
              + "query or fragment)");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883;
    String host =
        uri.getHost().startsWith("[")
            ? uri.getHost().substring(1, uri.getHost().length() - 1)
            : uri.getHost();
    if (clientIdPrefix.isEmpty()
        || clientIdPrefix.length() > 64
        || !clientIdPrefix.matches("[\\x21-\\x7e]+")) {
      throw new ConfigProblem(
          path + ".client-id-prefix", "must be 1 to 64 printable ASCII characters without spaces");
    }
    String replies =
        responseTopicPrefix.endsWith("/")
            ? responseTopicPrefix.substring(0, responseTopicPrefix.length() - 1)
            : responseTopicPrefix;
    try {
      Topics.validateTopicName(replies);
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(path + ".response-topic-prefix", e.getMessage(), e);
    }
    return new MqttSettings(
        (tls ? "ssl" : "tcp") + "://" + uri.getHost() + ":" + port,
        host,
        port,
        tls,
        username,
        password,
        tlsSettings,
        clientIdPrefix,
        replies);
  }
}
