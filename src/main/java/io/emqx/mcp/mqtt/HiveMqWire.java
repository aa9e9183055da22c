package io.emqx.mcp.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttDecodeException;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3MessageException;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5MessageException;
import com.hivemq.client.mqtt.mqtt5.message.Mqtt5ReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.emqx.mcp.config.MqttSettings;
import io.emqx.mcp.mqtt.MqttException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/** {@link Wire}s on the HiveMQ MQTT client, for MQTT 5 and 3.1.1. */
final class HiveMqWire {

  private HiveMqWire() {}

  static Wire open(MqttSettings settings, String clientId, Duration timeout, boolean mqtt5, Wire.Events events) {
    var transport = MqttClientTransportConfig.builder()
        .serverHost(settings.host())
        .serverPort(settings.port())
        .socketConnectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .mqttConnectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (settings.tls()) {
      transport = transport.sslConfig(ssl(settings, timeout));
    }
    MqttClientBuilder base = MqttClient.builder().identifier(clientId).transportConfig(transport.build());
    // Told apart from a failed attempt: only a connection that was up is "lost".
    AtomicBoolean up = new AtomicBoolean();
    base = base.addConnectedListener(context -> up.set(true))
        .addDisconnectedListener(context -> {
          if (up.getAndSet(false) && context.getSource() != MqttDisconnectSource.USER) {
            events.lost(context.getCause());
          }
        });
    return mqtt5 ? new V5(base.useMqttVersion5().buildAsync(), settings, events)
        : new V3(base.useMqttVersion3().buildAsync(), settings, events);
  }

  /**
   * Whether a failed MQTT 5 attempt looks like a broker that only speaks 3.1.1: it refused the
   * protocol version, answered with a packet MQTT 5 cannot decode (a 3.1.1 CONNACK), or closed the
   * connection without answering.
   */
  static boolean speaksOnlyMqtt3(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof MqttException m) {
      t = m.getCause() == null ? m : unwrap(m.getCause());
    }
    if (t instanceof Mqtt5ConnAckException c) {
      return c.getMqttMessage().getReasonCode() == Mqtt5ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
    }
    return t instanceof MqttDecodeException || t instanceof ConnectionClosedException
        || t instanceof com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
  }

  /** TLS with the server name checked against the certificate, and the configured CA when there is one. */
  private static MqttClientSslConfig ssl(MqttSettings settings, Duration timeout) {
    var ssl = MqttClientSslConfig.builder().handshakeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (settings.caFile() != null) {
      try (InputStream in = Files.newInputStream(settings.caFile().toPath())) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("ca-" + i++, cert);
        }
        if (i == 0) {
          throw new MqttException(Kind.UNREACHABLE, "mqtt.ca-file " + settings.caFile() + " holds no certificate");
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        ssl = ssl.trustManagerFactory(trust);
      } catch (IOException | GeneralSecurityException e) {
        throw new MqttException(Kind.UNREACHABLE, "cannot read mqtt.ca-file " + settings.caFile() + ": "
            + e.getMessage(), null, e);
      }
    }
    // No hostnameVerifier: the library then checks the server name like HTTPS does (on by default).
    return ssl.build();
  }

  /** The library's failure as an {@link MqttException}; {@code what} names the step ("connect", …). */
  static MqttException failure(Throwable raw, String what) {
    Throwable t = unwrap(raw);
    if (t instanceof MqttException m) {
      return m;
    }
    if (t instanceof Mqtt5MessageException m && m.getMqttMessage() instanceof
        com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck ack) {
      return refused(what, ack.getReasonCode().getCode(), ack.getReasonCode().name(), ack.getReasonString()
          .map(Object::toString).orElse(null), t, ack.getReasonCode() == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD
          || ack.getReasonCode() == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }
    if (t instanceof Mqtt3ConnAckException c) {
      Mqtt3ConnAckReturnCode rc = c.getMqttMessage().getReturnCode();
      return refused(what, rc.getCode(), rc.name(), null, t, rc == Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD
          || rc == Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
    }
    String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof java.util.concurrent.TimeoutException || detail.toLowerCase(java.util.Locale.ROOT).contains("timed out")
        || detail.toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
      return new MqttException(Kind.TIMEOUT, what + ": no answer from the broker in time (" + detail + ")", null, t);
    }
    Throwable root = t;
    boolean tls = false;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      tls |= c instanceof SSLException || c instanceof java.security.cert.CertificateException;
      root = c;
    }
    if (tls) {
      return new MqttException(Kind.UNREACHABLE, what + ": TLS failed (" + root.getMessage() + "). For ssl://, "
          + "mqtt.ca-file must hold the CA that signed the broker's certificate, and mqtt.url must use a host "
          + "name the certificate names", null, t);
    }
    if (t instanceof ConnectionFailedException && root != t) {
      detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
    return new MqttException(Kind.UNREACHABLE, what + ": " + detail, null, t);
  }

  private static MqttException refused(String what, int code, String name, String reason, Throwable t, boolean auth) {
    String text = what + ": the broker refused with " + name + " (0x" + Integer.toHexString(code) + ")"
        + (reason == null ? "" : ": " + reason);
    return new MqttException(auth ? Kind.AUTH_FAILED : Kind.UNREACHABLE, text, code, t);
  }

  /** A refusal in a SUBACK or PUBACK: 0x87 is the broker's authorization. */
  private static MqttException refusal(String what, int code, String name, String reason) {
    return new MqttException(code == 0x87 ? Kind.FORBIDDEN : Kind.REJECTED, what + ": the broker refused with "
        + name + " (0x" + Integer.toHexString(code) + ")" + (reason == null ? "" : ": " + reason), code, null);
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static <T> CompletableFuture<T> mapped(CompletableFuture<T> future, String what) {
    return future.handle((value, error) -> {
      if (error != null) {
        throw failure(error, what);
      }
      return value;
    });
  }

  private static MqttQos qos(int code) {
    return MqttQos.fromCode(code);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** MQTT 5: response topic, correlation data, reason codes, retain handling. */
  private static final class V5 implements Wire {
    private final Mqtt5AsyncClient client;
    private final MqttSettings settings;
    private final Events events;

    V5(Mqtt5AsyncClient client, MqttSettings settings, Events events) {
      this.client = client;
      this.settings = settings;
      this.events = events;
    }

    @Override
    public String protocol() {
      return "5";
    }

    @Override
    public CompletableFuture<Void> connect() {
      // No session kept at the broker: nothing lingers after this server stops.
      var connect = Mqtt5Connect.builder().cleanStart(true).sessionExpiryInterval(0).keepAlive(30);
      String user = settings.username();
      byte[] password = settings.password().reveal().getBytes(StandardCharsets.UTF_8);
      if (!user.isEmpty()) {
        connect = connect.simpleAuth(password.length == 0 ? Mqtt5SimpleAuth.builder().username(user).build()
            : Mqtt5SimpleAuth.builder().username(user).password(password).build());
      } else if (password.length > 0) {
        connect = connect.simpleAuth(Mqtt5SimpleAuth.builder().password(password).build());
      }
      // Every connection is a new session, and the library ends a session's message flows with it.
      return client.connect(connect.build()).thenApply(ack -> {
        client.publishes(MqttGlobalPublishFilter.ALL, p -> events.message(message(p)));
        return null;
      });
    }

    @Override
    public boolean isConnected() {
      return client.getState().isConnected();
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, int qos, boolean newMessagesOnly) {
      Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder().topicFilter(filter).qos(qos(qos))
          .retainHandling(newMessagesOnly ? Mqtt5RetainHandling.DO_NOT_SEND : Mqtt5RetainHandling.SEND)
          .noLocal(newMessagesOnly).build();
      return client.subscribe(subscribe).handle((ack, error) -> {
        if (error != null) {
          Throwable t = unwrap(error);
          if (t instanceof Mqtt5MessageException m
              && m.getMqttMessage() instanceof com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck a) {
            Mqtt5SubAckReasonCode rc = a.getReasonCodes().get(0);
            throw refusal("subscribe to '" + filter + "'", rc.getCode(), rc.name(),
                a.getReasonString().map(Object::toString).orElse(null));
          }
          throw failure(error, "subscribe to '" + filter + "'");
        }
        Mqtt5SubAckReasonCode rc = ack.getReasonCodes().get(0);
        if (rc.isError()) {
          throw refusal("subscribe to '" + filter + "'", rc.getCode(), rc.name(),
              ack.getReasonString().map(Object::toString).orElse(null));
        }
        return null;
      });
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
      return mapped(client.unsubscribeWith().topicFilter(filter).send(), "unsubscribe").thenApply(ack -> null);
    }

    @Override
    public CompletableFuture<Integer> publish(Outgoing m) {
      var publish = Mqtt5Publish.builder().topic(m.topic()).payload(m.payload()).qos(qos(m.qos())).retain(m.retain());
      if (m.responseTopic() != null) {
        publish = publish.responseTopic(m.responseTopic());
      }
      if (m.correlationData() != null) {
        publish = publish.correlationData(m.correlationData());
      }
      String what = "publish to '" + m.topic() + "'";
      return mapped(client.publish(publish.build()), what).thenApply(result -> {
        Mqtt5ReasonCode rc = reasonCode(result);
        if (rc != null && rc.isError()) {
          throw refusal(what, rc.getCode(), rc.toString(), null);
        }
        if (rc == null && result.getError().isPresent()) {
          throw failure(result.getError().get(), what);
        }
        return rc == null ? null : rc.getCode();
      });
    }

    private static Mqtt5ReasonCode reasonCode(Mqtt5PublishResult result) {
      if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1) {
        return q1.getPubAck().getReasonCode();
      }
      if (result instanceof Mqtt5PublishResult.Mqtt5Qos2Result q2) {
        return q2.getPubRec().getReasonCode();
      }
      return null;
    }

    @Override
    public CompletableFuture<Void> disconnect() {
      return client.disconnect();
    }

    private static MqttMessage message(Mqtt5Publish p) {
      List<MqttMessage.UserProperty> user = p.getUserProperties().asList().stream()
          .map(u -> new MqttMessage.UserProperty(u.getName().toString(), u.getValue().toString())).toList();
      MqttMessage.Properties props = new MqttMessage.Properties(
          p.getPayloadFormatIndicator().map(f -> f == Mqtt5PayloadFormatIndicator.UTF_8).orElse(null),
          p.getContentType().map(Object::toString).orElse(null),
          p.getResponseTopic().map(Object::toString).orElse(null),
          p.getCorrelationData().map(HiveMqWire::bytes).orElse(null),
          p.getMessageExpiryInterval().isPresent() ? p.getMessageExpiryInterval().getAsLong() : null,
          user);
      return new MqttMessage(p.getTopic().toString(), p.getQos().getCode(), p.isRetain(), Instant.now(),
          System.nanoTime(), p.getPayloadAsBytes(), props);
    }
  }

  /** MQTT 3.1.1: no properties, no reason codes; a SUBACK can only say 0x80 failure. */
  private static final class V3 implements Wire {
    private final Mqtt3AsyncClient client;
    private final MqttSettings settings;
    private final Events events;

    V3(Mqtt3AsyncClient client, MqttSettings settings, Events events) {
      this.client = client;
      this.settings = settings;
      this.events = events;
    }

    @Override
    public String protocol() {
      return "3.1.1";
    }

    @Override
    public CompletableFuture<Void> connect() {
      var connect = Mqtt3Connect.builder().cleanSession(true).keepAlive(30);
      // 3.1.1 allows no password without a user name.
      if (!settings.username().isEmpty()) {
        var auth = Mqtt3SimpleAuth.builder().username(settings.username());
        if (!settings.password().isEmpty()) {
          auth = auth.password(settings.password().reveal().getBytes(StandardCharsets.UTF_8));
        }
        connect = connect.simpleAuth(auth.build());
      }
      return client.connect(connect.build()).thenApply(ack -> {
        client.publishes(MqttGlobalPublishFilter.ALL, p -> events.message(message(p)));
        return null;
      });
    }

    @Override
    public boolean isConnected() {
      return client.getState().isConnected();
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, int qos, boolean newMessagesOnly) {
      Mqtt3Subscribe subscribe = Mqtt3Subscribe.builder().topicFilter(filter).qos(qos(qos)).build();
      String what = "subscribe to '" + filter + "'";
      return client.subscribe(subscribe).handle((ack, error) -> {
        Throwable t = error == null ? null : unwrap(error);
        boolean refused = t instanceof Mqtt3MessageException
            || ack != null && ack.getReturnCodes().get(0) == Mqtt3SubAckReturnCode.FAILURE;
        if (refused) {
          // 3.1.1 cannot say why; EMQX answers 0x80 to an authorization denial too.
          throw new MqttException(Kind.REJECTED, what + ": the broker refused (SUBACK 0x80 failure; over MQTT "
              + "3.1.1 it does not say why: authorization or an invalid filter)", 0x80, null);
        }
        if (t != null) {
          throw failure(t, what);
        }
        return null;
      });
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
      return mapped(client.unsubscribeWith().topicFilter(filter).send(), "unsubscribe");
    }

    @Override
    public CompletableFuture<Integer> publish(Outgoing m) {
      Mqtt3Publish publish = Mqtt3Publish.builder().topic(m.topic()).payload(m.payload()).qos(qos(m.qos()))
          .retain(m.retain()).build();
      return mapped(client.publish(publish), "publish to '" + m.topic() + "'").thenApply(p -> null);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
      return client.disconnect();
    }

    private static MqttMessage message(Mqtt3Publish p) {
      return new MqttMessage(p.getTopic().toString(), p.getQos().getCode(), p.isRetain(), Instant.now(),
          System.nanoTime(), p.getPayloadAsBytes(), MqttMessage.Properties.NONE);
    }
  }
}
