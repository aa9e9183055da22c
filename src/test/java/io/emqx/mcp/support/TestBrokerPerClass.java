package io.emqx.mcp.support;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One embedded MQTT 5 broker per test class, with a device connected to it that publishes and
 * answers next to the server under test: what a test class of the MQTT tools extends (as {@link
 * MockEmqxPerClass} for the fake EMQX). A subclass's own {@code @BeforeAll} runs after the broker
 * is up, its {@code @AfterAll} before it stops.
 */
public abstract class TestBrokerPerClass {

  protected static TestBroker broker;

  /** A test client of the broker's, connected; the server under test has its own. */
  protected static Mqtt5BlockingClient device;

  @BeforeAll
  protected static void startBroker() {
    broker = TestBroker.start();
    device = broker.client("test-device");
  }

  @AfterAll
  protected static void stopBroker() {
    device.disconnect();
    broker.close();
  }
}
