package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.support.ConfigFiles;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir Path dir;

  File conf(String hocon) throws Exception {
    return ConfigFiles.write(dir, hocon);
  }

  @Test
  void defaults_matchTheContract() {
    Settings s = Settings.load(Map.of(), Map.of(), null);
    assertEquals("http://127.0.0.1:18083/api/v5", s.emqx().apiUrl());
    assertEquals(Duration.ofSeconds(15), s.emqx().requestTimeout());
    assertFalse(s.emqx().hasCredentials());
    assertFalse(s.mcp().readOnly());
  }

  @Test
  void precedence_flagsOverEnvOverFileOverDefaults() throws Exception {
    File file =
        conf(
            "emqx { api-url = \"http://file:1\", api-key = file-key, api-secret = file-secret, "
                + "request-timeout = 3s }\nmcp.read-only = true");
    Settings fileOnly = Settings.load(Map.of(), Map.of(), file);
    assertEquals("http://file:1/api/v5", fileOnly.emqx().apiUrl());
    assertEquals("file-key", fileOnly.emqx().apiKey());
    assertTrue(fileOnly.mcp().readOnly());

    Map<String, String> env =
        Map.of(
            "EMQX_API_URL",
            "http://env:2/api/v5",
            "EMQX_API_SECRET",
            "env-secret",
            "EMQX_REQUEST_TIMEOUT",
            "750ms",
            "EMQX_MCP_READ_ONLY",
            "false");
    Settings withEnv = Settings.load(Map.of(), env, file);
    assertEquals("http://env:2/api/v5", withEnv.emqx().apiUrl());
    assertEquals(
        "file-key",
        withEnv.emqx().apiKey(),
        "the file still fills what the environment leaves out");
    assertEquals("env-secret", withEnv.emqx().apiSecret().reveal());
    assertEquals(Duration.ofMillis(750), withEnv.emqx().requestTimeout());
    assertFalse(withEnv.mcp().readOnly());

    Settings withFlags = Settings.load(Map.of("emqx.api-url", "http://flag:3"), env, file);
    assertEquals("http://flag:3/api/v5", withFlags.emqx().apiUrl());
  }

  @Test
  void blankEnvironmentVariable_isIgnored() {
    Settings s = Settings.load(Map.of(), Map.of("EMQX_API_URL", "  "), null);
    assertEquals("http://127.0.0.1:18083/api/v5", s.emqx().apiUrl());
  }

  @Test
  void badValues_nameTheKey() throws Exception {
    IllegalArgumentException timeout =
        assertThrows(
            IllegalArgumentException.class,
            () -> Settings.load(Map.of(), Map.of("EMQX_REQUEST_TIMEOUT", "soon"), null));
    assertTrue(
        timeout.getMessage().startsWith("EMQX_REQUEST_TIMEOUT=soon: "), timeout.getMessage());
    IllegalArgumentException url =
        assertThrows(
            IllegalArgumentException.class,
            () -> Settings.load(Map.of(), Map.of("EMQX_API_URL", "ftp://x"), null));
    assertTrue(url.getMessage().startsWith("EMQX_API_URL=ftp://x: "), url.getMessage());
    IllegalArgumentException creds =
        assertThrows(
            IllegalArgumentException.class,
            () -> Settings.load(Map.of(), Map.of("EMQX_API_URL", "http://k:s@x:18083"), null));
    assertTrue(creds.getMessage().contains("must not carry credentials"), creds.getMessage());
    IllegalArgumentException ro =
        assertThrows(
            IllegalArgumentException.class,
            () -> Settings.load(Map.of(), Map.of("EMQX_MCP_READ_ONLY", "maybe"), null));
    assertEquals("EMQX_MCP_READ_ONLY=maybe: expected true or false", ro.getMessage());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> Settings.load(Map.of(), Map.of(), new File(dir.toFile(), "nope.conf")));
    assertTrue(missing.getMessage().contains("nope.conf"), missing.getMessage());
    IllegalArgumentException broken =
        assertThrows(
            IllegalArgumentException.class,
            () -> Settings.load(Map.of(), Map.of(), conf("emqx { api-url = ")));
    assertTrue(broken.getMessage().contains("test.conf"), broken.getMessage());
  }

  @Test
  void secret_isMaskedInToString() {
    Settings s =
        Settings.load(Map.of(), Map.of("EMQX_API_KEY", "k", "EMQX_API_SECRET", "hunter2"), null);
    assertFalse(s.toString().contains("hunter2"), s.toString());
    assertEquals("hunter2", s.emqx().apiSecret().reveal());
  }

  @Test
  void mqtt_defaultsToTheApiHostOnPort1883_andNamesItselfUniquely() {
    MqttSettings m =
        Settings.load(Map.of(), Map.of("EMQX_API_URL", "https://emqx.example.internal:18084"), null)
            .mqtt();
    assertEquals("tcp://emqx.example.internal:1883", m.url());
    assertFalse(m.tls());
    assertEquals("emqx-mcp-", m.clientIdPrefix());
    assertEquals("emqx-mcp/replies", m.responseTopicPrefix());
    assertTrue(m.password().isEmpty());
  }

  @Test
  void mqtt_fromTheEnvironment_sslGetsPort8883_andThePasswordStaysSecret() throws Exception {
    File ca = io.emqx.mcp.support.TlsFiles.shared().caPem.toFile();
    Settings s =
        Settings.load(
            Map.of(),
            Map.of(
                "EMQX_MQTT_URL",
                "ssl://broker.example",
                "EMQX_MQTT_USERNAME",
                "ops",
                "EMQX_MQTT_PASSWORD",
                "mqtt-s3cret",
                "EMQX_MQTT_CA_FILE",
                ca.getPath(),
                "EMQX_MQTT_CLIENT_ID_PREFIX",
                "ops-agent-",
                "EMQX_MQTT_RESPONSE_TOPIC_PREFIX",
                "agents/replies/"),
            null);
    MqttSettings m = s.mqtt();
    assertEquals("ssl://broker.example:8883", m.url());
    assertTrue(m.tls());
    assertEquals(8883, m.port());
    assertEquals("ops", m.username());
    assertEquals("mqtt-s3cret", m.password().reveal());
    assertFalse(m.toString().contains("mqtt-s3cret"), m.toString());
    assertEquals(ca, m.caFile());
    assertEquals("ops-agent-", m.clientIdPrefix());
    assertEquals("agents/replies", m.responseTopicPrefix(), "a trailing slash is dropped");
  }

  @Test
  void mqtt_badValues_nameTheKey() {
    for (Map.Entry<String, String> bad :
        Map.of(
                "EMQX_MQTT_URL", "http://broker:1883",
                "EMQX_MQTT_CA_FILE", "/no/such/ca.pem",
                "EMQX_MQTT_CLIENT_ID_PREFIX", "has space",
                "EMQX_MQTT_RESPONSE_TOPIC_PREFIX", "replies/+")
            .entrySet()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Settings.load(Map.of(), Map.of(bad.getKey(), bad.getValue()), null),
              bad.toString());
      assertTrue(e.getMessage().startsWith(bad.getKey() + "="), e.getMessage());
    }
    IllegalArgumentException creds =
        assertThrows(
            IllegalArgumentException.class,
            () -> Settings.load(Map.of(), Map.of("EMQX_MQTT_URL", "tcp://u:p@broker:1883"), null));
    assertTrue(creds.getMessage().contains("mqtt.username"), creds.getMessage());
  }
}
