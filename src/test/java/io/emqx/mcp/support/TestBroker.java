package io.emqx.mcp.support;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MQTT 5 broker for the tests: HiveMQ Community Edition, embedded in the test JVM on a
 * loopback port, in-memory. It can ask for a user name and password, deny subscriptions under a
 * prefix (as EMQX's authorization does, SUBACK 0x87), serve TLS with a given key store, and stop
 * and come back on the same port.
 */
public final class TestBroker implements AutoCloseable {

  /** What the broker demands and offers. */
  public record Options(
      String username,
      String password,
      String denyPrefix,
      Path keyStore,
      String keyStorePassword,
      Integer maxPacketSize,
      Path clientCaStore) {
    public Options(
        String username,
        String password,
        String denyPrefix,
        Path keyStore,
        String keyStorePassword,
        Integer maxPacketSize) {
      this(username, password, denyPrefix, keyStore, keyStorePassword, maxPacketSize, null);
    }

    public Options(
        String username,
        String password,
        String denyPrefix,
        Path keyStore,
        String keyStorePassword) {
      this(username, password, denyPrefix, keyStore, keyStorePassword, null);
    }

    public static Options plain() {
      return new Options(null, null, null, null, null);
    }

    public Options withLogin(String user, String secret) {
      return new Options(user, secret, denyPrefix, keyStore, keyStorePassword, maxPacketSize);
    }

    public Options denying(String prefix) {
      return new Options(username, password, prefix, keyStore, keyStorePassword, maxPacketSize);
    }

    public Options withTls(Path store, String storePassword) {
      return new Options(username, password, denyPrefix, store, storePassword, maxPacketSize);
    }

    /**
     * TLS that requires a client certificate signed by a CA in {@code trustStore} (its password is
     * the key store's), as EMQX's ssl listener with verify_peer and fail_if_no_peer_cert.
     */
    public Options requiringClientCertificates(Path trustStore) {
      return new Options(
          username, password, denyPrefix, keyStore, keyStorePassword, maxPacketSize, trustStore);
    }

    /** The broker's Maximum Packet Size (announced in CONNACK), as EMQX's mqtt.max_packet_size. */
    public Options withMaxPacketSize(int bytes) {
      return new Options(username, password, denyPrefix, keyStore, keyStorePassword, bytes);
    }
  }

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Options options;
  private final int port;
  private final Path dir;
  private EmbeddedHiveMQ hivemq;

  private TestBroker(Options options, int port) throws IOException {
    this.options = options;
    this.port = port == 0 ? freePort() : port;
    this.dir = Files.createTempDirectory("test-broker");
    launch();
  }

  public static TestBroker start(Options options) {
    return start(options, 0);
  }

  /**
   * @param port the loopback port to listen on, 0 for a free one
   */
  public static TestBroker start(Options options, int port) {
    try {
      return new TestBroker(options, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestBroker start() {
    return start(Options.plain());
  }

  public int port() {
    return port;
  }

  /**
   * The URL the server is given: {@code tcp://127.0.0.1:port}, or {@code ssl://localhost:port} with
   * TLS.
   */
  public String url() {
    return options.keyStore() == null ? "tcp://127.0.0.1:" + port : "ssl://localhost:" + port;
  }

  /** Stops the broker: connections drop and the port refuses, until {@link #restart()}. */
  public void stop() {
    if (hivemq != null) {
      try {
        hivemq.close();
      } catch (Exception e) {
        throw new IllegalStateException("the test broker did not stop", e);
      }
      hivemq = null;
    }
  }

  /** A new broker on the same port; nothing of the old one's state is kept (in-memory). */
  public void restart() {
    stop();
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Settings for a server whose MQTT tools use this broker, and whose EMQX API is nowhere (the MQTT
   * tools never call it).
   */
  public io.emqx.mcp.config.Settings serverSettings() {
    String api = "http://127.0.0.1:1";
    return TestServer.settings(api, java.time.Duration.ofSeconds(10), false)
        .withMqtt(
            io.emqx.mcp.config.MqttSettings.defaultsFor(
                    io.emqx.mcp.config.Settings.normalizeApiUrl(api))
                .withUrl(url()));
  }

  /**
   * Publishes {@code payload} to {@code topic} as a retained message at QoS 1: the broker holds it
   * once this returns, so a watch started next finds it.
   */
  public static void publishRetained(Mqtt5BlockingClient client, String topic, String payload) {
    client
        .publishWith()
        .topic(topic)
        .payload(payload.getBytes(StandardCharsets.UTF_8))
        .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
        .retain(true)
        .send();
  }

  /** An MQTT 5 client of the test's own, connected (with the broker's credentials, if any). */
  public Mqtt5BlockingClient client(String clientId) {
    if (options.keyStore() != null) {
      throw new IllegalStateException(
          "test clients speak plain TCP; reach a TLS broker through the tools");
    }
    Mqtt5BlockingClient c =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(clientId)
            .serverHost("127.0.0.1")
            .serverPort(port)
            .buildBlocking();
    if (options.username() != null) {
      c.connectWith()
          .simpleAuth()
          .username(options.username())
          .password(options.password().getBytes(StandardCharsets.UTF_8))
          .applySimpleAuth()
          .send();
    } else {
      c.connect();
    }
    return c;
  }

  private void launch() throws IOException {
    // A fresh folder per start: HiveMQ keeps state and metrics that a second start in one folder
    // trips on.
    Path run = Files.createDirectories(dir.resolve("run-" + INSTANCES.incrementAndGet()));
    Path conf = Files.createDirectories(run.resolve("conf"));
    String listener =
        options.keyStore() == null
            ? "<tcp-listener><port>"
                + port
                + "</port><bind-address>127.0.0.1</bind-address></tcp-listener>"
            : "<tls-tcp-listener><port>"
                + port
                + "</port><bind-address>127.0.0.1</bind-address><tls><keystore>"
                + "<path>"
                + options.keyStore()
                + "</path><password>"
                + options.keyStorePassword()
                + "</password>"
                + "<private-key-password>"
                + options.keyStorePassword()
                + "</private-key-password></keystore>"
                + (options.clientCaStore() == null
                    ? ""
                    : "<truststore><path>"
                        + options.clientCaStore()
                        + "</path><password>"
                        + options.keyStorePassword()
                        + "</password></truststore>"
                        + "<client-authentication-mode>REQUIRED</client-authentication-mode>")
                + "</tls></tls-tcp-listener>";
    Files.writeString(
        conf.resolve("config.xml"),
        "<?xml version=\"1.0\"?><hivemq><listeners>"
            + listener
            + "</listeners><persistence><mode>in-memory</mode></persistence>"
            + (options.maxPacketSize() == null
                ? ""
                : "<mqtt><packets><max-packet-size>"
                    + options.maxPacketSize()
                    + "</max-packet-size></packets></mqtt>")
            // The tests talk to loopback only.
            + "<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics></hivemq>");
    var builder =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(run.resolve("data"))
            .withExtensionsFolder(Files.createDirectories(run.resolve("extensions")))
            // Our tests log with slf4j-simple; HiveMQ would configure Logback.
            .withoutLoggingBootstrap();
    builder =
        builder.withEmbeddedExtension(
            EmbeddedExtension.builder()
                .withId("test-security")
                .withName("test security")
                .withVersion("1")
                .withAuthor("tests")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(new Security(options))
                .build());
    hivemq = builder.build();
    try {
      hivemq.start().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the test broker did not start", e);
    }
  }

  /** The topic filters the broker holds for clients whose ID starts with {@code clientIdPrefix}. */
  public Set<String> subscriptions(String clientIdPrefix) {
    Set<String> filters = ConcurrentHashMap.newKeySet();
    Services.subscriptionStore()
        .iterateAllSubscriptions(
            (context, client) -> {
              if (client.getClientId().startsWith(clientIdPrefix)) {
                client.getSubscriptions().forEach(sub -> filters.add(sub.getTopicFilter()));
              }
            })
        .join();
    return filters;
  }

  @Override
  public void close() {
    stop();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The broker's authentication and authorization, as the options ask. */
  private record Security(Options options) implements ExtensionMain {
    @Override
    public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
      if (options.username() != null) {
        Services.securityRegistry()
            .setAuthenticatorProvider(
                input ->
                    (SimpleAuthenticator)
                        (auth, result) -> {
                          String user = auth.getConnectPacket().getUserName().orElse("");
                          String password =
                              auth.getConnectPacket()
                                  .getPassword()
                                  .map(b -> StandardCharsets.UTF_8.decode(b.duplicate()).toString())
                                  .orElse("");
                          if (user.equals(options.username())
                              && password.equals(options.password())) {
                            result.authenticateSuccessfully();
                          } else {
                            result.failAuthentication(
                                ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                                "bad user name or password");
                          }
                        });
      }
      if (options.denyPrefix() != null) {
        Services.securityRegistry()
            .setAuthorizerProvider(
                input ->
                    (SubscriptionAuthorizer)
                        (sub, result) -> {
                          if (sub.getSubscription()
                              .getTopicFilter()
                              .startsWith(options.denyPrefix())) {
                            result.failAuthorization();
                          } else {
                            result.authorizeSuccessfully();
                          }
                        });
      }
    }

    @Override
    public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {}
  }
}
