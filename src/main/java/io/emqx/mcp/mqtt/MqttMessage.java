package io.emqx.mcp.mqtt;

import java.time.Instant;
import java.util.List;

/**
 * A message as this client received it. {@code payload} is the raw bytes; the properties are the
 * MQTT 5 ones (all absent over MQTT 3.1.1).
 *
 * @param retain true when the broker sent it because of a new subscription (a retained message);
 *     live messages arrive with retain false, as MQTT specifies
 * @param receivedNanos {@link System#nanoTime()} at arrival, for round-trip times
 */
public record MqttMessage(
    String topic,
    int qos,
    boolean retain,
    Instant receivedAt,
    long receivedNanos,
    byte[] payload,
    Properties properties) {

  /** MQTT 5 publish properties; null fields were not sent. */
  public record Properties(
      Boolean payloadUtf8,
      String contentType,
      String responseTopic,
      byte[] correlationData,
      Long messageExpiryInterval,
      List<UserProperty> userProperties) {

    public static final Properties NONE = new Properties(null, null, null, null, null, List.of());

    public Properties {
      userProperties = List.copyOf(userProperties);
    }

    public boolean isEmpty() {
      return payloadUtf8 == null
          && contentType == null
          && responseTopic == null
          && correlationData == null
          && messageExpiryInterval == null
          && userProperties.isEmpty();
    }
  }

  /** One MQTT 5 user property; names may repeat, so they are kept as a list in arrival order. */
  public record UserProperty(String name, String value) {}
}
