package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.MqttSettings;
import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.config.TlsSettings;
import io.emqx.mcp.support.TestBroker;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MQTT tools over TLS with {@code mqtt.tls}: a real broker (embedded HiveMQ CE) with a TLS
 * listener that requires a client certificate signed by the test CA, reached through the MCP
 * client. Its certificate names localhost and 127.0.0.1.
 */
class MqttTlsTest {

  private static final TlsFiles F = TlsFiles.shared();
  private static TestBroker broker;

  @BeforeAll
  static void start() {
    broker =
        TestBroker.start(
            TestBroker.Options.plain()
                .withTls(F.loopbackServerStore, TlsFiles.STORE_PASSWORD)
                .requiringClientCertificates(F.trustStore));
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static Map<String, Object> subscribe(TlsSettings tls) throws Exception {
    MqttSettings mqtt =
        MqttSettings.defaultsFor("http://127.0.0.1:1/api/v5")
            .withUrl("ssl://127.0.0.1:" + broker.port())
            .withTls(tls);
    Settings s =
        TestServer.settings("http://127.0.0.1:1", Duration.ofSeconds(10), false).withMqtt(mqtt);
    try (TestServer server = TestServer.start(s)) {
      var r = server.call("mqtt_subscribe", Map.of("topic", "tls/+", "timeout_seconds", 1));
      String text = TestServer.text(r);
      assertFalse(text.contains(TlsFiles.KEY_PASSWORD), text);
      Map<String, Object> body = TestServer.parse(text);
      @SuppressWarnings("unchecked")
      Map<String, Object> error = (Map<String, Object>) body.get("error");
      return Boolean.TRUE.equals(r.isError()) ? error : Map.of("ok", body);
    }
  }

  private static TlsSettings tls(Path ca, Path cert, Path key, String serverName) {
    return new TlsSettings(
        "mqtt.tls", ca, cert, key, new Secret(TlsFiles.KEY_PASSWORD), serverName, true);
  }

  @Test
  void clientCertificate_isShown_andTheBrokerAcceptsIt() throws Exception {
    Map<String, Object> r = subscribe(tls(F.caPem, F.clientCert, F.clientKeyEncrypted, null));
    assertTrue(r.containsKey("ok"), r.toString());
  }

  @Test
  void noClientCertificate_isUnavailable_sayingOneIsNeeded() throws Exception {
    Map<String, Object> e = subscribe(tls(F.caPem, null, null, null));
    assertEquals("EMQX_UNAVAILABLE", e.get("code"), e.toString());
    String m = e.get("message").toString();
    assertTrue(m.contains("client certificate") && m.contains("mqtt.tls.cert-file"), m);
  }

  @Test
  void anotherCa_isRefused_namingTheCaFile() throws Exception {
    Map<String, Object> e = subscribe(tls(F.wrongCaPem, F.clientCert, F.clientKeyPkcs8, null));
    assertEquals("EMQX_UNAVAILABLE", e.get("code"), e.toString());
    assertTrue(
        e.get("message").toString().contains("not signed by the CA in mqtt.tls.ca-file"),
        e.toString());
  }

  @Test
  void aServerNameTheCertificateDoesNotCarry_isRefused() throws Exception {
    Map<String, Object> e =
        subscribe(tls(F.caPem, F.clientCert, F.clientKeyPkcs8, "broker.example.com"));
    assertEquals("EMQX_UNAVAILABLE", e.get("code"), e.toString());
    String m = e.get("message").toString();
    assertTrue(m.contains("not for broker.example.com") && m.contains("127.0.0.1"), m);
  }
}
