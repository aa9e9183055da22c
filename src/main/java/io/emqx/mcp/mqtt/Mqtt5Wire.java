package io.emqx.mcp.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5MessageException;
import com.hivemq.client.mqtt.mqtt5.message.Mqtt5ReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.emqx.mcp.config.MqttSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** MQTT 5: response topic, correlation data, reason codes, retain handling. */
final class Mqtt5Wire implements Wire {
  private final Mqtt5AsyncClient client;
  private final MqttSettings settings;
  private final Events events;

  Mqtt5Wire(Mqtt5AsyncClient client, MqttSettings settings, Events events) {
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
      connect =
          connect.simpleAuth(
              password.length == 0
                  ? Mqtt5SimpleAuth.builder().username(user).build()
                  : Mqtt5SimpleAuth.builder().username(user).password(password).build());
    } else if (password.length > 0) {
      connect = connect.simpleAuth(Mqtt5SimpleAuth.builder().password(password).build());
    }
    // Every connection is a new session, and the library ends a session's message flows with it.
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
    Mqtt5Subscribe subscribe =
        Mqtt5Subscribe.builder()
            .topicFilter(filter)
            .qos(MqttQos.fromCode(qos))
            .retainHandling(
                newMessagesOnly ? Mqtt5RetainHandling.DO_NOT_SEND : Mqtt5RetainHandling.SEND)
            .noLocal(newMessagesOnly)
            .build();
    String what = "subscribe to '" + filter + "'";
    return client
        .subscribe(subscribe)
        .handle(
            (ack, error) -> {
              // A refused subscription arrives as a SUBACK inside an exception, or as an error code
              // in one.
              Mqtt5SubAck answer = ack;
              if (error != null) {
                if (!(HiveMqFailures.unwrap(error) instanceof Mqtt5MessageException m
                    && m.getMqttMessage() instanceof Mqtt5SubAck refused)) {
                  throw HiveMqFailures.failure(error, what);
                }
                answer = refused;
              }
              Mqtt5SubAckReasonCode rc = answer.getReasonCodes().get(0);
              if (rc.isError()) {
                throw HiveMqFailures.refusal(
                    what,
                    rc.getCode(),
                    rc.name(),
                    answer.getReasonString().map(Object::toString).orElse(null));
              }
              return null;
            });
  }

  @Override
  public CompletableFuture<Void> unsubscribe(String filter) {
    return HiveMqFailures.mapped(client.unsubscribeWith().topicFilter(filter).send(), "unsubscribe")
        .thenApply(ack -> null);
  }

  @Override
  public CompletableFuture<Integer> publish(Outgoing m) {
    var publish =
        Mqtt5Publish.builder()
            .topic(m.topic())
            .payload(m.payload())
            .qos(MqttQos.fromCode(m.qos()))
            .retain(m.retain());
    if (m.responseTopic() != null) {
      publish = publish.responseTopic(m.responseTopic());
    }
    if (m.correlationData() != null) {
      publish = publish.correlationData(m.correlationData());
    }
    String what = "publish to '" + m.topic() + "'";
    return HiveMqFailures.mapped(client.publish(publish.build()), what)
        .thenApply(
            result -> {
              Mqtt5ReasonCode rc = reasonCode(result);
              if (rc != null && rc.isError()) {
                throw HiveMqFailures.refusal(what, rc.getCode(), rc.toString(), null);
              }
              if (rc == null && result.getError().isPresent()) {
                throw HiveMqFailures.failure(result.getError().get(), what);
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
    List<MqttMessage.UserProperty> user =
        p.getUserProperties().asList().stream()
            .map(u -> new MqttMessage.UserProperty(u.getName().toString(), u.getValue().toString()))
            .toList();
    MqttMessage.Properties props =
        new MqttMessage.Properties(
            p.getPayloadFormatIndicator()
                .map(f -> f == Mqtt5PayloadFormatIndicator.UTF_8)
                .orElse(null),
            p.getContentType().map(Object::toString).orElse(null),
            p.getResponseTopic().map(Object::toString).orElse(null),
            p.getCorrelationData().map(Mqtt5Wire::bytes).orElse(null),
            p.getMessageExpiryInterval().isPresent()
                ? p.getMessageExpiryInterval().getAsLong()
                : null,
            user);
    return new MqttMessage(
        p.getTopic().toString(),
        p.getQos().getCode(),
        p.isRetain(),
        Instant.now(),
        System.nanoTime(),
        p.getPayloadAsBytes(),
        props);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
