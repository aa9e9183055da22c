package io.emqx.mcp.emqx;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.config.TlsSettings;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.TlsFiles;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EMQX client over HTTPS, through the real server and the SDK's MCP client: an HTTPS fake EMQX
 * (WireMock with certificates made for the test run) whose certificate names {@code emqx.internal}
 * only, reached at 127.0.0.1; and a second one that demands a client certificate (EMQX's {@code
 * verify = verify_peer, fail_if_no_peer_cert = true}). Each TLS failure must come back as {@code
 * EMQX_UNAVAILABLE} naming its cause and the setting to change.
 */
class HttpsEmqxTest {

  private static final TlsFiles F = TlsFiles.shared();
  private static final String CLIENT =
      "{\"clientid\":\"dev-1\",\"connected\":true,\"node\":\"emqx@127.0.0.1\"}";

  private static WireMockServer https;
  private static WireMockServer mtls;

  @BeforeAll
  static void start() {
    https = server(false);
    mtls = server(true);
  }

  @AfterAll
  static void stop() {
    https.stop();
    mtls.stop();
  }

  private static WireMockServer server(boolean needClientCert) {
    var o =
        options()
            .bindAddress("127.0.0.1")
            .dynamicPort()
            .dynamicHttpsPort()
            .keystorePath(F.serverStore.toString())
            .keystoreType("PKCS12")
            .keystorePassword(TlsFiles.STORE_PASSWORD)
            .keyManagerPassword(TlsFiles.STORE_PASSWORD);
    if (needClientCert) {
      o =
          o.needClientAuth(true)
              .trustStorePath(F.trustStore.toString())
              .trustStoreType("PKCS12")
              .trustStorePassword(TlsFiles.STORE_PASSWORD);
    }
    WireMockServer s = new WireMockServer(o);
    s.start();
    s.stubFor(on(Route.GET_CLIENT, "dev-1").willReturn(WireMock.okJson(CLIENT)));
    return s;
  }

  private static TlsSettings tls(
      Path ca, Path cert, Path key, String password, String serverName, boolean verify) {
    return new TlsSettings("emqx.tls", ca, cert, key, new Secret(password), serverName, verify);
  }

  private static TlsSettings trusting(Path ca, String serverName) {
    return tls(ca, null, null, "", serverName, true);
  }

  private static Map<String, Object> call(String url, TlsSettings tls, Duration timeout)
      throws Exception {
    Settings s = TestServer.settings(url, timeout, false);
    s = s.withEmqx(s.emqx().withTls(tls));
    try (TestServer server = TestServer.start(s)) {
      var result = server.call("get_client", Map.of("clientid", "dev-1"));
      Map<String, Object> body = TestServer.parse(TestServer.text(result));
      String text = TestServer.text(result);
      assertFalse(text.contains(TestServer.SECRET), text);
      assertFalse(text.contains(TlsFiles.KEY_PASSWORD), text);
      assertFalse(text.matches("(?s).*\\b(SSL|Certificate|Socket)[A-Za-z]*Exception.*"), text);
      return Boolean.TRUE.equals(result.isError())
          ? castMap(body.get("error"))
          : Map.of("ok", body);
    }
  }

  private static Map<String, Object> call(String url, TlsSettings tls) throws Exception {
    return call(url, tls, Duration.ofSeconds(10));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static String httpsUrl(WireMockServer s) {
    return "https://127.0.0.1:" + s.httpsPort();
  }

  private static String unavailable(Map<String, Object> error) {
    assertEquals("EMQX_UNAVAILABLE", error.get("code"), error.toString());
    String message = error.get("message").toString();
    assertFalse(message.contains("dashboard listener (port 18083"), "a TLS hint, not " + message);
    return error.get("message").toString();
  }

  @Test
  void trustedCa_andTheNameTheCertificateCarries_work() throws Exception {
    Map<String, Object> r = call(httpsUrl(https), trusting(F.caPem, TlsFiles.SERVER_NAME));
    assertTrue(r.containsKey("ok"), r.toString());
  }

  @Test
  void anotherCa_isRefused_namingTheCaFile() throws Exception {
    String m = unavailable(call(httpsUrl(https), trusting(F.wrongCaPem, TlsFiles.SERVER_NAME)));
    assertTrue(m.contains("not signed by the CA in emqx.tls.ca-file"), m);
  }

  @Test
  void noCaFile_andAPrivateCa_isRefused_askingForTheCaFile() throws Exception {
    String m = unavailable(call(httpsUrl(https), TlsSettings.defaults("emqx.tls")));
    assertTrue(m.contains("not signed by a CA this JVM trusts") && m.contains("ca-file"), m);
  }

  @Test
  void aHostTheCertificateDoesNotName_isRefused_namingBoth() throws Exception {
    // The certificate names emqx.internal; the URL says 127.0.0.1.
    String m = unavailable(call(httpsUrl(https), trusting(F.caPem, null)));
    assertTrue(m.contains("emqx.internal") && m.contains("not for 127.0.0.1"), m);
    assertTrue(m.contains("emqx.tls.server-name"), m);
    String other = unavailable(call(httpsUrl(https), trusting(F.caPem, "emqx.example.com")));
    assertTrue(other.contains("not for emqx.example.com"), other);
  }

  @Test
  void verifyFalse_acceptsAnyCertificateUnderAnyName() throws Exception {
    TlsSettings off = tls(null, null, null, "", null, false);
    assertTrue(call(httpsUrl(https), off).containsKey("ok"));
    assertTrue(off.warning().contains("NOT checked"), off.warning());
  }

  @Test
  void mtls_withTheClientCertificate_works_inEachKeyForm() throws Exception {
    for (Path key : List.of(F.clientKeyPkcs8, F.clientKeyEncrypted)) {
      Map<String, Object> r =
          call(
              httpsUrl(mtls),
              tls(F.caPem, F.clientCert, key, TlsFiles.KEY_PASSWORD, TlsFiles.SERVER_NAME, true));
      assertTrue(r.containsKey("ok"), key + ": " + r);
    }
  }

  @Test
  void mtls_withoutAClientCertificate_saysOneIsNeeded() throws Exception {
    String m = unavailable(call(httpsUrl(mtls), trusting(F.caPem, TlsFiles.SERVER_NAME)));
    assertTrue(m.contains("client certificate"), m);
    assertTrue(m.contains("emqx.tls.cert-file"), m);
  }

  @Test
  void mtls_withACertificateTheServerDoesNotTrust_saysItWasRejected() throws Exception {
    String m =
        unavailable(
            call(
                httpsUrl(mtls),
                tls(F.caPem, F.wrongClientCert, F.wrongClientKey, "", TlsFiles.SERVER_NAME, true)));
    assertTrue(m.contains("emqx.tls.cert-file"), m);
  }

  @Test
  void https_toAPlainHttpPort_saysThePortIsNotTls() throws Exception {
    String m =
        unavailable(
            call("https://127.0.0.1:" + https.port(), trusting(F.caPem, TlsFiles.SERVER_NAME)));
    assertTrue(m.contains("18084") && m.contains("http://"), m);
  }

  @Test
  void http_toTheHttpsPort_saysToUseHttps() throws Exception {
    Map<String, Object> e =
        call("http://127.0.0.1:" + https.httpsPort(), TlsSettings.defaults("emqx.tls"));
    assertEquals("EMQX_UNAVAILABLE", e.get("code"), e.toString());
    assertTrue(e.get("message").toString().contains("use https://"), e.toString());
  }

  @Test
  void aCaFileGoneAfterStartUp_failsTheCall_andTheNextCallTriesAgain() throws Exception {
    Path ca = F.write("vanishing-ca.pem", java.nio.file.Files.readString(F.caPem));
    Settings s = TestServer.settings(httpsUrl(https), Duration.ofSeconds(10), false);
    s = s.withEmqx(s.emqx().withTls(trusting(ca, TlsFiles.SERVER_NAME)));
    try (TestServer server = TestServer.start(s)) {
      java.nio.file.Files.delete(ca);
      Map<String, Object> gone =
          castMap(
              TestServer.parse(
                      TestServer.text(server.call("get_client", Map.of("clientid", "dev-1"))))
                  .get("error"));
      String m = unavailable(gone);
      assertTrue(m.contains("emqx.tls.ca-file") && m.contains("no such file"), m);
      java.nio.file.Files.copy(F.caPem, ca);
      assertFalse(
          Boolean.TRUE.equals(server.call("get_client", Map.of("clientid", "dev-1")).isError()));
    }
  }

  @Test
  void aHandshakeThatNeverFinishes_isUnavailable_notATimeout() throws Exception {
    // Accepts and never speaks: a firewall or a port that waits for the client.
    List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (Exception closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String m =
          unavailable(
              call(
                  "https://127.0.0.1:" + silent.getLocalPort(),
                  trusting(F.caPem, null),
                  Duration.ofSeconds(1)));
      assertTrue(m.contains("the handshake did not finish"), m);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
