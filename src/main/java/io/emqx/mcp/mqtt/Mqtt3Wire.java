package io.emqx.mcp.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import io.emqx.mcp.config.MqttSettings;
import io.emqx.mcp.mqtt.MqttException.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** MQTT 3.1.1: no properties, no reason codes; a SUBACK can only say 0x80 failure. */
final class Mqtt3Wire implements Wire {
  private final Mqtt3AsyncClient client;
  private final MqttSettings settings;
  private final Events events;

  Mqtt3Wire(Mqtt3AsyncClient client, MqttSettings settings, Events events) {
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
    return client
        .connect(connect.build())
        .thenApply(
            ack -> {
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
    Mqtt3Subscribe subscribe =
        Mqtt3Subscribe.builder().topicFilter(filter).qos(MqttQos.fromCode(qos)).build();
    String what = "subscribe to '" + filter + "'";
    return client
        .subscribe(subscribe)
        .handle(
            (ack, error) -> {
              Throwable t = error == null ? null : HiveMqFailures.unwrap(error);
              boolean refused =
                  t instanceof Mqtt3SubAckException
                      || ack != null
                          && ack.getReturnCodes().get(0) == Mqtt3SubAckReturnCode.FAILURE;
              if (refused) {
                // 3.1.1 cannot say why; EMQX answers 0x80 to an authorization denial too.
                throw new MqttException(
                    Kind.REJECTED,
                    what
                        + ": the broker refused (SUBACK 0x80 failure; over MQTT "
                        + "3.1.1 it does not say why: authorization or an invalid filter)",
                    0x80,
                    null);
              }
              if (t != null) {
                throw HiveMqFailures.failure(t, what);
              }
              return null;
            });
  }

  @Override
  public CompletableFuture<Void> unsubscribe(String filter) {
    return HiveMqFailures.mapped(
        client.unsubscribeWith().topicFilter(filter).send(), "unsubscribe");
  }

  @Override
  public CompletableFuture<Integer> publish(Outgoing m) {
    Mqtt3Publish publish =
        Mqtt3Publish.builder()
            .topic(m.topic())
            .payload(m.payload())
            .qos(MqttQos.fromCode(m.qos()))
            .retain(m.retain())
            .build();
    return HiveMqFailures.mapped(client.publish(publish), "publish to '" + m.topic() + "'")
        .thenApply(p -> null);
  }

  @Override
  public CompletableFuture<Void> disconnect() {
    return client.disconnect();
  }

  private static MqttMessage message(Mqtt3Publish p) {
    return new MqttMessage(
        p.getTopic().toString(),
        p.getQos().getCode(),
        p.isRetain(),
        Instant.now(),
        System.nanoTime(),
        p.getPayloadAsBytes(),
        MqttMessage.Properties.NONE);
  }
}
