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
 * @param caFile PEM file of the CA(s) to trust for {@code ssl://}, or null for the JVM's trust
 *     store
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
    File caFile,
    String clientIdPrefix,
    String responseTopicPrefix) {

  /** The defaults for an API URL: the same host, port 1883, no credentials. */
  public static MqttSettings defaultsFor(String apiUrl) {
    return parse("", apiUrl, "", new Secret(""), "", "emqx-mcp-", "emqx-mcp/replies");
  }

  /** Copy with another listener URL (tests, demos). */
  public MqttSettings withUrl(String newUrl) {
    return parse(
        newUrl,
        null,
        username,
        password,
        caFile == null ? "" : caFile.getPath(),
        clientIdPrefix,
        responseTopicPrefix);
  }

  public MqttSettings withCredentials(String user, Secret secret) {
    return new MqttSettings(
        url, host, port, tls, user, secret, caFile, clientIdPrefix, responseTopicPrefix);
  }

  public MqttSettings withCaFile(File ca) {
    return new MqttSettings(
        url, host, port, tls, username, password, ca, clientIdPrefix, responseTopicPrefix);
  }

  static MqttSettings from(Config c, String apiUrl) {
    return from(c.getConfig("mqtt"), "mqtt", apiUrl);
  }

  /**
   * Reads one {@code mqtt { … }} block: the top-level one, or a cluster's ({@code
   * clusters.<name>.mqtt}).
   *
   * @param block the block's keys (with their defaults)
   * @param path where the block is, for the keys problems name
   */
  static MqttSettings from(Config block, String path, String apiUrl) {
    return parse(
        path,
        block.getString("url"),
        apiUrl,
        block.getString("username").trim(),
        new Secret(block.getString("password")),
        block.getString("ca-file").trim(),
        block.getString("client-id-prefix").trim(),
        block.getString("response-topic-prefix").trim());
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
      String caFile,
      String clientIdPrefix,
      String responseTopicPrefix) {
    return parse(
        "mqtt", rawUrl, apiUrl, username, password, caFile, clientIdPrefix, responseTopicPrefix);
  }

  private static MqttSettings parse(
      String path,
      String rawUrl,
      String apiUrl,
      String username,
      Secret password,
      String caFile,
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
    File ca = null;
    if (!caFile.isEmpty()) {
      ca = new File(caFile);
      if (!ca.isFile() || !ca.canRead()) {
        throw new ConfigProblem(path + ".ca-file", "cannot read this file");
      }
    }
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
        ca,
        clientIdPrefix,
        replies);
  }
}
