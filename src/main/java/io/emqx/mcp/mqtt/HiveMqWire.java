package io.emqx.mcp.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.MqttDecodeException;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.emqx.mcp.config.MqttSettings;
import io.emqx.mcp.config.TlsMaterial;
import io.emqx.mcp.mqtt.MqttException.Kind;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds {@link Wire}s on the HiveMQ MQTT client ({@link Mqtt5Wire}, {@link Mqtt3Wire}): the server
 * address, timeouts, TLS, and which disconnects count as a lost connection.
 */
final class HiveMqWire {

  private HiveMqWire() {}

  static Wire open(
      MqttSettings settings, String clientId, Duration timeout, boolean mqtt5, Wire.Events events) {
    var transport =
        MqttClientTransportConfig.builder()
            .serverHost(settings.host())
            .serverPort(settings.port())
            .socketConnectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .mqttConnectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (settings.tls()) {
      transport = transport.sslConfig(ssl(settings, timeout));
    }
    MqttClientBuilder base =
        MqttClient.builder().identifier(clientId).transportConfig(transport.build());
    // Told apart from a failed attempt: only a connection that was up is "lost".
    AtomicBoolean up = new AtomicBoolean();
    base =
        base.addConnectedListener(context -> up.set(true))
            .addDisconnectedListener(
                context -> {
                  if (up.getAndSet(false) && context.getSource() != MqttDisconnectSource.USER) {
                    events.lost(context.getCause());
                  }
                });
    return mqtt5
        ? new Mqtt5Wire(base.useMqttVersion5().buildAsync(), settings, events)
        : new Mqtt3Wire(base.useMqttVersion3().buildAsync(), settings, events);
  }

  /**
   * Whether a failed MQTT 5 attempt looks like a broker that only speaks 3.1.1: it refused the
   * protocol version, answered with a packet MQTT 5 cannot decode (a 3.1.1 CONNACK), or closed the
   * connection without answering.
   */
  static boolean speaksOnlyMqtt3(Throwable failure) {
    Throwable t = HiveMqFailures.unwrap(failure);
    if (t instanceof Mqtt5ConnAckException c) {
      // The library also reads a 3.1.1 CONNACK "unacceptable protocol version" (1) as this.
      return c.getMqttMessage().getReasonCode()
          == Mqtt5ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
    }
    return t instanceof MqttDecodeException
        || t instanceof ConnectionClosedException
        || t instanceof Mqtt5DisconnectException;
  }

  /**
   * TLS from {@code mqtt.tls}: our trust manager checks the chain against the configured CA (else
   * the JVM's) and the certificate against the host (or {@code server-name}), and the client
   * certificate is shown when one is configured.
   */
  private static MqttClientSslConfig ssl(MqttSettings settings, Duration timeout) {
    TlsMaterial material;
    try {
      material = settings.tlsSettings().material();
    } catch (IllegalArgumentException e) {
      // A file that was fine at start-up and is gone or changed now; the next connect tries again.
      throw new MqttException(Kind.TLS, "cannot set up TLS: " + e.getMessage(), null, e);
    }
    var ssl =
        MqttClientSslConfig.builder()
            .handshakeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .trustManagerFactory(material.trustManagerFactory(settings.host()))
            // Our trust manager has checked the name already, with a message saying what to fix.
            .hostnameVerifier(material.hostnameVerifier(settings.host()));
    if (material.keyManagerFactory() != null) {
      ssl = ssl.keyManagerFactory(material.keyManagerFactory());
    }
    return ssl.build();
  }
}
