package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.support.ConfigFiles;
import io.emqx.mcp.support.TlsFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code emqx.tls} and {@code mqtt.tls} blocks: read through {@link Settings#load} as the
 * server reads them, every file checked at start-up, and every mistake named by its key without
 * showing the password or key material.
 */
class TlsSettingsTest {

  private static final TlsFiles F = TlsFiles.shared();

  @TempDir Path dir;

  private Settings load(String hocon) throws Exception {
    return Settings.load(Map.of(), Map.of(), ConfigFiles.write(dir, hocon));
  }

  private String failure(String hocon) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> load(hocon), hocon);
    assertFalse(e.getMessage().contains(TlsFiles.KEY_PASSWORD), e.getMessage());
    assertFalse(e.getMessage().contains("PRIVATE KEY-----"), e.getMessage());
    return e.getMessage();
  }

  private static String emqx(String tls) {
    return "emqx { api-url = \"https://127.0.0.1:18084\", tls { " + tls + " } }";
  }

  private static String q(Path p) {
    return "\"" + p + "\"";
  }

  @Test
  void defaults_checkNamesWithTheJvmTrustStore() throws Exception {
    TlsSettings tls = load("").emqx().tls();
    assertEquals("emqx.tls", tls.key());
    assertNull(tls.caFile());
    assertTrue(tls.verify());
    assertFalse(tls.configured());
    assertNull(tls.warning());
    assertNotNull(tls.material().trustManager("127.0.0.1"));
  }

  @Test
  void caAndClientCertificate_inEveryKeyForm_load() throws Exception {
    for (Path key : new Path[] {F.clientKeyPkcs8, F.clientKeyPkcs1, F.clientKeyEncrypted}) {
      TlsSettings tls =
          load(emqx(
                  "ca-file = "
                      + q(F.caPem)
                      + ", cert-file = "
                      + q(F.clientCert)
                      + ", key-file = "
                      + q(key)
                      + ", key-password = \""
                      + TlsFiles.KEY_PASSWORD
                      + "\", server-name = "
                      + TlsFiles.SERVER_NAME))
              .emqx()
              .tls();
      assertEquals(F.caPem, tls.caFile());
      assertTrue(tls.hasClientCertificate());
      assertEquals(TlsFiles.SERVER_NAME, tls.serverName());
      assertNotNull(tls.material().keyManagerFactory(), key.toString());
      assertFalse(tls.toString().contains(TlsFiles.KEY_PASSWORD), tls.toString());
    }
    // An EC key in OpenSSL's own form ("EC PRIVATE KEY", the curve inside).
    TlsSettings ec =
        load(emqx("cert-file = " + q(F.ecCert) + ", key-file = " + q(F.ecKeySec1))).emqx().tls();
    assertNotNull(ec.material().keyManagerFactory());
  }

  @Test
  void verifyFalse_isAllowed_andWarns() throws Exception {
    TlsSettings tls = load(emqx("verify = false")).emqx().tls();
    assertFalse(tls.verify());
    assertTrue(tls.warning().contains("emqx.tls.verify = false"), tls.warning());
  }

  @Test
  void missingOrUnreadableFiles_areNamedByTheirKey() throws Exception {
    String missing = failure(emqx("ca-file = \"/no/such/ca.pem\""));
    assertTrue(missing.contains("emqx.tls.ca-file") && missing.contains("no such file"), missing);

    Path notPem = F.write("not.pem", "hello, I am not a certificate\n");
    String text = failure(emqx("ca-file = " + q(notPem)));
    assertTrue(text.contains("emqx.tls.ca-file") && text.contains("not a PEM file"), text);

    String directory = failure(emqx("ca-file = " + q(dir)));
    assertTrue(directory.contains("is a directory"), directory);

    String keyAsCa = failure(emqx("ca-file = " + q(F.clientKeyPkcs8)));
    assertTrue(keyAsCa.contains("holds no -----BEGIN CERTIFICATE-----"), keyAsCa);

    Path damaged =
        F.write("damaged.pem", "-----BEGIN CERTIFICATE-----\nAAAA!!!\n-----END CERTIFICATE-----\n");
    String broken = failure(emqx("ca-file = " + q(damaged)));
    assertTrue(broken.contains("emqx.tls.ca-file"), broken);
  }

  @Test
  void certWithoutKey_orKeyWithoutCert_isRefused() {
    String noKey = failure(emqx("cert-file = " + q(F.clientCert)));
    assertTrue(noKey.contains("emqx.tls.key-file") && noKey.contains("needs both"), noKey);
    String noCert = failure(emqx("key-file = " + q(F.clientKeyPkcs8)));
    assertTrue(noCert.contains("emqx.tls.cert-file"), noCert);
  }

  @Test
  void aKeyOfAnotherCertificate_isRefused() {
    String m =
        failure(emqx("cert-file = " + q(F.clientCert) + ", key-file = " + q(F.wrongClientKey)));
    assertTrue(m.contains("emqx.tls.key-file") && m.contains("is not the key of"), m);
  }

  @Test
  void encryptedKey_wrongOrMissingPassword_isRefusedWithoutShowingIt() {
    String wrong =
        failure(
            emqx(
                "cert-file = "
                    + q(F.clientCert)
                    + ", key-file = "
                    + q(F.clientKeyEncrypted)
                    + ", key-password = \"not-"
                    + TlsFiles.KEY_PASSWORD
                    + "\""));
    assertTrue(
        wrong.contains("emqx.tls.key-password") && wrong.contains("does not decrypt"), wrong);
    assertFalse(wrong.contains("not-key"), wrong);
    String none =
        failure(emqx("cert-file = " + q(F.clientCert) + ", key-file = " + q(F.clientKeyEncrypted)));
    assertTrue(none.contains("is encrypted: set emqx.tls.key-password"), none);
    String legacy =
        failure(
            emqx(
                "cert-file = "
                    + q(F.clientCert)
                    + ", key-file = "
                    + q(F.clientKeyLegacyEncrypted)
                    + ", key-password = \""
                    + TlsFiles.KEY_PASSWORD
                    + "\""));
    assertTrue(legacy.contains("openssl pkcs8 -topk8"), legacy);
  }

  @Test
  void tlsSettings_forAPlainUrl_wouldDoNothing_andAreRefused() {
    String m =
        failure(
            "emqx { api-url = \"http://127.0.0.1:18083\", tls { ca-file = " + q(F.caPem) + " } }");
    assertTrue(m.contains("emqx.tls.ca-file") && m.contains("emqx.api-url"), m);
    String mqtt = failure("mqtt { url = \"tcp://127.0.0.1:1883\", tls { verify = false } }");
    assertTrue(mqtt.contains("mqtt.tls.verify") && mqtt.contains("mqtt.url"), mqtt);
  }

  @Test
  void aTypoInTheBlock_isNamedWithTheKeyMeant() {
    String m = failure(emqx("ca-flie = " + q(F.caPem)));
    assertTrue(m.contains("ca-file"), m);
  }

  @Test
  void mqttTls_readsTheSameKeys_andTheOlderCaFileStillWorks() throws Exception {
    MqttSettings m =
        load("mqtt { url = \"ssl://127.0.0.1:8883\", tls { ca-file = "
                + q(F.caPem)
                + ", cert-file = "
                + q(F.clientCert)
                + ", key-file = "
                + q(F.clientKeyPkcs1)
                + " } }")
            .mqtt();
    assertEquals("mqtt.tls", m.tlsSettings().key());
    assertTrue(m.tlsSettings().hasClientCertificate());
    assertEquals(F.caPem.toFile(), m.caFile());

    MqttSettings older =
        Settings.load(
                Map.of(),
                Map.of(
                    "EMQX_MQTT_URL",
                    "ssl://127.0.0.1:8883",
                    "EMQX_MQTT_CA_FILE",
                    F.caPem.toString()),
                null)
            .mqtt();
    assertEquals(F.caPem, older.tlsSettings().caFile());

    String both =
        failure(
            "mqtt { url = \"ssl://h:8883\", ca-file = "
                + q(F.caPem)
                + ", tls { ca-file = "
                + q(F.caPem)
                + " } }");
    assertTrue(both.contains("mqtt.ca-file") && both.contains("mqtt.tls.ca-file"), both);

    String olderMissing =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Settings.load(
                        Map.of(),
                        Map.of("EMQX_MQTT_URL", "ssl://h:8883", "EMQX_MQTT_CA_FILE", "/no/ca.pem"),
                        null))
            .getMessage();
    assertTrue(olderMissing.contains("EMQX_MQTT_CA_FILE"), olderMissing);
  }
}
