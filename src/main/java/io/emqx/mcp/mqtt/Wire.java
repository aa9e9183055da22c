package io.emqx.mcp.mqtt;

import java.util.concurrent.CompletableFuture;

/**
 * One MQTT client of one protocol version, reduced to what {@link MqttConnection} needs. Futures
 * fail with {@link MqttException}. Kept apart so that the library's classes load on the first MQTT
 * call, not at start-up.
 */
interface Wire {

  /** "5" or "3.1.1". */
  String protocol();

  /** Connects; fails with the library's own exception, which {@link HiveMqWire#failure} maps. */
  CompletableFuture<Void> connect();

  boolean isConnected();

  /**
   * Subscribes; fails when the broker refuses. {@code newMessagesOnly} asks the broker not to send
   * retained messages (MQTT 5 retain handling 2, and no-local: our own publishes are not echoed);
   * over 3.1.1 it cannot, so callers skip messages flagged retain.
   */
  CompletableFuture<Void> subscribe(String filter, int qos, boolean newMessagesOnly);

  CompletableFuture<Void> unsubscribe(String filter);

  /**
   * Completes with the broker's reason code for QoS 1 and 2 over MQTT 5 (0x10: no subscribers),
   * else null.
   */
  CompletableFuture<Integer> publish(Outgoing message);

  CompletableFuture<Void> disconnect();

  /**
   * A message to publish. {@code responseTopic} and {@code correlationData} are MQTT 5 only (may be
   * null).
   */
  record Outgoing(
      String topic,
      byte[] payload,
      int qos,
      boolean retain,
      String responseTopic,
      byte[] correlationData) {}

  /** What the wire reports, on the library's threads: keep it short. */
  interface Events {
    void message(MqttMessage message);

    /** An established connection was lost (not our own disconnect, not a failed attempt). */
    void lost(Throwable cause);
  }
}
