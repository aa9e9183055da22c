package io.emqx.mcp.support;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local MQTT 5 broker with a small plant on it, to try the MQTT tools (and to smoke-test them
 * through the MCP inspector) with no infrastructure: {@code scripts/demo-broker.sh [port]}.
 *
 * <ul>
 *   <li>{@code factory/line-1/status} and {@code factory/line-2/status}: retained JSON, and line 1
 *       publishes a fresh status every second;
 *   <li>{@code factory/line-1/camera/thumbnail}: a retained binary payload (the start of a PNG);
 *   <li>{@code devices/+/firmware/get}: answered, MQTT 5 style, on the request's response topic
 *       with its correlation data: {@code {"device": …, "firmware": "2.4.1"}}.
 * </ul>
 *
 * Prints {@code demo broker ready on tcp://127.0.0.1:<port>} on stdout, then runs until killed.
 */
public final class DemoBroker {

  private DemoBroker() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 1883;
    TestBroker broker = TestBroker.start(TestBroker.Options.plain(), port);
    Mqtt5BlockingClient plantDevice = broker.client("demo-plant");
    TestBroker.publishRetained(
        plantDevice, "factory/line-1/status", "{\"state\":\"running\",\"speed_rpm\":1200}");
    TestBroker.publishRetained(
        plantDevice, "factory/line-2/status", "{\"state\":\"stopped\",\"reason\":\"maintenance\"}");
    Mqtt5AsyncClient plant = plantDevice.toAsync();
    plant
        .publishWith()
        .topic("factory/line-1/camera/thumbnail")
        .payload(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d})
        .contentType("image/png")
        .retain(true)
        .qos(MqttQos.AT_LEAST_ONCE)
        .send()
        .join();
    plant
        .subscribeWith()
        .topicFilter("devices/+/firmware/get")
        .callback(
            request -> {
              if (request.getResponseTopic().isEmpty()) {
                return;
              }
              String device = request.getTopic().getLevels().get(1);
              var reply =
                  Mqtt5Publish.builder()
                      .topic(request.getResponseTopic().get())
                      .payload(utf8("{\"device\":\"" + device + "\",\"firmware\":\"2.4.1\"}"))
                      .contentType("application/json");
              if (request.getCorrelationData().isPresent()) {
                reply = reply.correlationData(request.getCorrelationData().get());
              }
              plant.publish(reply.build());
            })
        .send()
        .join();
    AtomicLong tick = new AtomicLong();
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    clock.scheduleAtFixedRate(
        () ->
            plant
                .publishWith()
                .topic("factory/line-1/status")
                .payload(
                    utf8(
                        "{\"state\":\"running\",\"speed_rpm\":"
                            + (1200 + tick.incrementAndGet() % 7)
                            + "}"))
                .send(),
        1,
        1,
        TimeUnit.SECONDS);
    System.out.println("demo broker ready on " + broker.url());
    System.out.flush();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
