package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir
  Path dir;

  File conf(String hocon) throws Exception {
    Path p = dir.resolve("test.conf");
    Files.writeString(p, hocon);
    return p.toFile();
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
    File file = conf("emqx { api-url = \"http://file:1\", api-key = file-key, api-secret = file-secret, "
        + "request-timeout = 3s }\nmcp.read-only = true");
    Settings fileOnly = Settings.load(Map.of(), Map.of(), file);
    assertEquals("http://file:1/api/v5", fileOnly.emqx().apiUrl());
    assertEquals("file-key", fileOnly.emqx().apiKey());
    assertTrue(fileOnly.mcp().readOnly());

    Map<String, String> env = Map.of("EMQX_API_URL", "http://env:2/api/v5", "EMQX_API_SECRET", "env-secret",
        "EMQX_REQUEST_TIMEOUT", "750ms", "EMQX_MCP_READ_ONLY", "false");
    Settings withEnv = Settings.load(Map.of(), env, file);
    assertEquals("http://env:2/api/v5", withEnv.emqx().apiUrl());
    assertEquals("file-key", withEnv.emqx().apiKey(), "the file still fills what the environment leaves out");
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
    IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(Map.of(), Map.of("EMQX_REQUEST_TIMEOUT", "soon"), null));
    assertTrue(timeout.getMessage().contains("request-timeout"), timeout.getMessage());
    IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(Map.of(), Map.of("EMQX_API_URL", "ftp://x"), null));
    assertTrue(url.getMessage().contains("emqx.api-url"), url.getMessage());
    IllegalArgumentException creds = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(Map.of(), Map.of("EMQX_API_URL", "http://k:s@x:18083"), null));
    assertTrue(creds.getMessage().contains("must not carry credentials"), creds.getMessage());
    IllegalArgumentException ro = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(Map.of(), Map.of("EMQX_MCP_READ_ONLY", "maybe"), null));
    assertTrue(ro.getMessage().contains("read-only"), ro.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(Map.of(), Map.of(), new File(dir.toFile(), "nope.conf")));
    assertTrue(missing.getMessage().contains("nope.conf"), missing.getMessage());
    IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(Map.of(), Map.of(), conf("emqx { api-url = ")));
    assertTrue(broken.getMessage().contains("test.conf"), broken.getMessage());
  }

  @Test
  void secret_isMaskedInToString() {
    Settings s = Settings.load(Map.of(), Map.of("EMQX_API_KEY", "k", "EMQX_API_SECRET", "hunter2"), null);
    assertFalse(s.toString().contains("hunter2"), s.toString());
    assertEquals("hunter2", s.emqx().apiSecret().reveal());
  }
}
