package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.TlsSettings;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.TlsFiles;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fake over HTTPS with client certificates (what {@code --mock-emqx} serves for a cluster
 * reached over mTLS), through the real server and the SDK's MCP client: a call with the client
 * certificate is answered from the demo data, one without it gets the TLS cause, and nothing is
 * served over plain HTTP.
 */
class MockEmqxTlsTest {

  static final TlsFiles F = TlsFiles.shared();
  static MockEmqx emqx;

  @BeforeAll
  static void start() {
    emqx =
        MockEmqx.start(
            MockEmqx.Options.defaults(),
            new MockEmqx.Tls(F.serverStore, F.trustStore, TlsFiles.STORE_PASSWORD));
  }

  @AfterAll
  static void stop() {
    emqx.close();
  }

  static TlsSettings tls(boolean withClientCertificate) {
    return new TlsSettings(
        "emqx.tls",
        F.caPem,
        withClientCertificate ? F.clientCert : null,
        withClientCertificate ? F.clientKeyPkcs8 : null,
        new Secret(""),
        TlsFiles.SERVER_NAME,
        true);
  }

  static Map<String, Object> getClient(String apiUrl, TlsSettings tls) throws Exception {
    return getClient(apiUrl, tls, Duration.ofSeconds(10));
  }

  static Map<String, Object> getClient(String apiUrl, TlsSettings tls, Duration timeout)
      throws Exception {
    var s = TestServer.settings(emqx, timeout);
    s = s.withEmqx(s.emqx().withApi(apiUrl, MockEmqx.API_KEY, new Secret(MockEmqx.API_SECRET)));
    s = s.withEmqx(s.emqx().withTls(tls));
    try (TestServer server = TestServer.start(s)) {
      var result = server.call("get_client", Map.of("clientid", "sensor-42"));
      Map<String, Object> body = TestServer.parse(TestServer.text(result));
      return body;
    }
  }

  @Test
  void withTheClientCertificate_theDemoDataIsServed() throws Exception {
    assertTrue(emqx.apiUrl().startsWith("https://127.0.0.1:"), emqx.apiUrl());
    assertEquals("sensor-42", getClient(emqx.apiUrl(), tls(true)).get("clientid"));
  }

  @Test
  void withoutOne_theHandshakeIsRefused_withTheTlsCause() throws Exception {
    Map<String, Object> body = getClient(emqx.apiUrl(), tls(false));
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) body.get("error");
    assertEquals("EMQX_UNAVAILABLE", error.get("code"), body.toString());
    assertTrue(error.get("message").toString().contains("cert-file"), error.toString());
  }

  @Test
  void plainHttp_isNotServed() throws Exception {
    Map<String, Object> body =
        getClient(
            emqx.apiUrl().replace("https://", "http://"),
            TlsSettings.defaults("emqx.tls"),
            Duration.ofSeconds(2));
    assertFalse(body.containsKey("clientid"), body.toString());
  }
}
