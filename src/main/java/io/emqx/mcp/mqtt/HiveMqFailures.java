package io.emqx.mcp.mqtt;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttEncodeException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5MessageException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.emqx.mcp.config.TlsMaterial;
import io.emqx.mcp.config.TlsSettings;
import io.emqx.mcp.mqtt.MqttException.Kind;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** The HiveMQ client's failures as {@link MqttException}s, with what to check next. */
final class HiveMqFailures {

  private HiveMqFailures() {}

  /**
   * The library's failure as an {@link MqttException}; {@code what} names the step ("connect", …).
   */
  static MqttException failure(Throwable raw, String what) {
    return failure(raw, what, null);
  }

  /** What a TLS connection to a port that does not speak TLS should be told. */
  private static final String PLAIN_ADVICE =
      "use tcp:// for a plain listener (1883), or the broker's TLS listener (8883 by default)";

  /**
   * As above, for connecting: with the {@code mqtt.tls} settings a TLS failure names its cause and
   * the setting to change.
   */
  static MqttException failure(Throwable raw, String what, TlsSettings tlsSettings) {
    Throwable t = unwrap(raw);
    if (t instanceof MqttException m) {
      return m;
    }
    if (tlsSettings != null) {
      String why = TlsMaterial.explain(t, tlsSettings, PLAIN_ADVICE);
      if (why != null) {
        return new MqttException(Kind.TLS, what + ": TLS failed: " + why, null, t);
      }
    }
    if (t instanceof Mqtt5MessageException m && m.getMqttMessage() instanceof Mqtt5ConnAck ack) {
      Mqtt5ConnAckReasonCode rc = ack.getReasonCode();
      boolean auth =
          rc == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD
              || rc == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED;
      return refused(
          auth ? Kind.AUTH_FAILED : Kind.UNREACHABLE,
          what,
          rc.getCode(),
          rc.name(),
          ack.getReasonString().map(Object::toString).orElse(null),
          t);
    }
    if (t instanceof Mqtt3ConnAckException c) {
      Mqtt3ConnAckReturnCode rc = c.getMqttMessage().getReturnCode();
      boolean auth =
          rc == Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD
              || rc == Mqtt3ConnAckReturnCode.NOT_AUTHORIZED;
      return refused(
          auth ? Kind.AUTH_FAILED : Kind.UNREACHABLE, what, rc.getCode(), rc.name(), null, t);
    }
    // The library reports its socket and CONNACK time limits only in the message.
    String detail = t.getMessage() == null ? "no detail from the MQTT client" : t.getMessage();
    if (t instanceof MqttEncodeException && detail.contains("maximum packet size")) {
      // The broker announced its Maximum Packet Size in CONNACK and the client would not send more.
      return new MqttException(
          Kind.REJECTED,
          what
              + ": the message is larger than the broker accepts ("
              + detail.replaceAll("\\.+$", "")
              + " bytes). On EMQX the limit is mqtt.max_packet_size (default 1MB); "
              + "send a smaller payload, or ask the EMQX operator to raise it",
          null,
          t);
    }
    if (t instanceof TimeoutException
        || detail.toLowerCase(Locale.ROOT).contains("timed out")
        || detail.toLowerCase(Locale.ROOT).contains("timeout")) {
      return new MqttException(
          Kind.TIMEOUT, what + ": no answer from the broker in time (" + detail + ")", null, t);
    }
    Throwable root = t;
    boolean tls = false;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      tls |= c instanceof SSLException || c instanceof CertificateException;
      root = c;
    }
    if (tls) {
      return new MqttException(
          Kind.UNREACHABLE,
          what
              + ": TLS failed ("
              + root.getMessage()
              + "). For ssl://, "
              + "mqtt.tls.ca-file must hold the CA that signed the broker's certificate, and mqtt.url must use a "
              + "host name the certificate names (or set mqtt.tls.server-name)",
          null,
          t);
    }
    if (t instanceof ConnectionFailedException && root != t) {
      detail = root.getMessage() == null ? detail : root.getMessage();
    }
    if (t instanceof ConnectionClosedException) {
      detail += " (a TLS listener, usually 8883, closes on plain MQTT: use ssl:// for it)";
    }
    return new MqttException(Kind.UNREACHABLE, what + ": " + detail, null, t);
  }

  /** A refusal in a SUBACK or PUBACK: 0x87 is the broker's authorization (EMQX's ACL). */
  static MqttException refusal(String what, int code, String name, String reason) {
    return refused(code == 0x87 ? Kind.FORBIDDEN : Kind.REJECTED, what, code, name, reason, null);
  }

  private static MqttException refused(
      Kind kind, String what, int code, String name, String reason, Throwable t) {
    return new MqttException(
        kind,
        what
            + ": the broker refused with "
            + name
            + " (0x"
            + Integer.toHexString(code)
            + ")"
            + (reason == null ? "" : ": " + reason),
        code,
        t);
  }

  static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static <T> CompletableFuture<T> mapped(CompletableFuture<T> future, String what) {
    return future.handle(
        (value, error) -> {
          if (error != null) {
            throw failure(error, what);
          }
          return value;
        });
  }
}
