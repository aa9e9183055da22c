package io.emqx.mcp.mqtt;

/**
 * The one failure type of the MQTT connection: why the broker could not be reached, refused, or did
 * not answer. Like {@link io.emqx.mcp.emqx.EmqxApiException} it knows nothing of MCP; the tool
 * layer maps it to the contract's codes. Its message never carries the password.
 */
public final class MqttException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why it failed. */
  public enum Kind {
    /** No connection: refused, DNS, lost, or the server is shutting down. */
    UNREACHABLE,
    /** TLS failed; the message names the {@code mqtt.tls} setting to change. */
    TLS,
    /** The broker did not acknowledge (CONNACK, SUBACK, PUBACK) in time. */
    TIMEOUT,
    /**
     * The broker refused the connection's credentials (bad user name or password, not authorized).
     */
    AUTH_FAILED,
    /** The broker's authorization refused a subscription or a publish (reason code 0x87). */
    FORBIDDEN,
    /**
     * The broker refused a subscription or a publish for another reason (bad topic, quota, size).
     */
    REJECTED,
    /** A request was published but no reply came in time. */
    NO_REPLY,
    /** A request was published with QoS 1 or 2 and the broker said no client subscribes to it. */
    NO_SUBSCRIBERS
  }

  private final Kind kind;
  private final Integer reasonCode;

  public MqttException(Kind kind, String message, Integer reasonCode, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.reasonCode = reasonCode;
  }

  public MqttException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The MQTT reason (or 3.1.1 return) code the broker answered with, or null. */
  public Integer reasonCode() {
    return reasonCode;
  }
}
