package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpSettingsTest {

  static final String TOKEN = "0123456789abcdef0123456789abcdef";

  static Settings load(Map<String, String> flags, Map<String, String> env) {
    return Settings.load(flags, env, null);
  }

  @Test
  void defaults_matchTheContract() {
    Settings s = load(Map.of(), Map.of());
    assertEquals(Transport.Kind.STDIO, s.transport().kind());
    HttpSettings http = s.transport().http();
    assertEquals("127.0.0.1", http.host());
    assertEquals(8080, http.port());
    assertTrue(http.authToken().isEmpty());
    assertTrue(
        http.allowedOrigins()
            .containsAll(List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*")),
        http.allowedOrigins().toString());
    assertEquals(Duration.ofMinutes(30), http.sessionIdleTimeout());
    assertEquals(4 * 1024 * 1024, http.maxRequestBytes());
    assertEquals(http, HttpSettings.defaults());
  }

  @Test
  void environment_setsTransportAndToken_flagsOutrankIt() {
    Settings env =
        load(Map.of(), Map.of("EMQX_MCP_TRANSPORT", "HTTP", "EMQX_MCP_AUTH_TOKEN", TOKEN));
    assertEquals(Transport.Kind.HTTP, env.transport().kind());
    assertEquals(TOKEN, env.transport().http().authToken().reveal());
    assertFalse(env.transport().toString().contains(TOKEN), "the token shows in toString");

    Settings flags =
        load(
            Map.of("mcp.transport", "stdio", "mcp.http.port", "9"),
            Map.of("EMQX_MCP_TRANSPORT", "http"));
    assertEquals(Transport.Kind.STDIO, flags.transport().kind());
    assertEquals(9, flags.transport().http().port());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "10.1.2.3", "192.0.2.7"})
  void http_beyondLoopback_withoutToken_refusesToStart(String host) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> load(Map.of("mcp.transport", "http", "mcp.http.host", host), Map.of()));
    assertTrue(
        e.getMessage().contains("EMQX_MCP_AUTH_TOKEN") && e.getMessage().contains(host),
        e.getMessage());
    Settings withToken =
        load(
            Map.of("mcp.transport", "http", "mcp.http.host", host),
            Map.of("EMQX_MCP_AUTH_TOKEN", TOKEN));
    assertEquals(host, withToken.transport().http().host());
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"})
  void http_onLoopback_needsNoToken(String host) {
    Settings s = load(Map.of("mcp.transport", "http", "mcp.http.host", host), Map.of());
    assertTrue(s.transport().http().authToken().isEmpty());
  }

  @Test
  void stdio_ignoresTheHttpHost() {
    // Not listening, so not exposed: an HTTP host in a shared config file must not stop stdio.
    assertEquals(
        Transport.Kind.STDIO,
        load(Map.of("mcp.http.host", "0.0.0.0"), Map.of()).transport().kind());
  }

  @Test
  void shortToken_isRefused_withoutShowingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> load(Map.of(), Map.of("EMQX_MCP_AUTH_TOKEN", "hunter2")));
    assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"localhost", "ftp://x", "http://x/path", "http://x:*/", "http://user@x", "*"})
  void badOrigin_isRefused_namingTheKey(String origin) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> load(Map.of("mcp.http.allowed-origins", "[\"" + origin + "\"]"), Map.of()));
    assertTrue(e.getMessage().contains("mcp.http.allowed-origins"), e.getMessage());
  }

  /** The README's way to add a name: append to the defaults in a --config file. */
  @Test
  void configFile_canAppendAnOrigin_toTheDefaults(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("shared.conf");
    Files.writeString(
        conf, "mcp.http.allowed-origins += \"http://mcp-emqx.example.internal:8080\"\n");
    List<String> origins =
        Settings.load(Map.of(), Map.of(), conf.toFile()).transport().http().allowedOrigins();
    assertTrue(origins.contains("http://mcp-emqx.example.internal:8080"), origins.toString());
    assertTrue(origins.contains("http://localhost:*"), "the loopback defaults stay: " + origins);
  }

  /** Another name without a config file. Added to the defaults, never replacing them. */
  @Test
  void allowedOrigins_fromTheEnvironmentAndFlags_areAdded_toFileAndDefaults(@TempDir Path dir)
      throws Exception {
    Path conf = dir.resolve("shared.conf");
    Files.writeString(conf, "mcp.http.allowed-origins += \"https://from-file.example\"\n");
    List<String> origins =
        Settings.load(
                Map.of("mcp.http.allowed-origins", "http://flag.example:8080"),
                Map.of("EMQX_MCP_ALLOWED_ORIGINS", "http://a.example:8080, HTTPS://B.example"),
                conf.toFile())
            .transport()
            .http()
            .allowedOrigins();
    assertTrue(
        origins.containsAll(
            List.of(
                "http://localhost:*",
                "https://from-file.example",
                "http://a.example:8080",
                "https://b.example",
                "http://flag.example:8080")),
        origins.toString());
  }

  @Test
  void badAllowedOrigin_fromTheEnvironmentOrAFlag_namesIt() {
    String env =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    load(
                        Map.of(),
                        Map.of("EMQX_MCP_ALLOWED_ORIGINS", "http://ok.example,mcp.example.com")))
            .getMessage();
    assertTrue(
        env.startsWith(
            "EMQX_MCP_ALLOWED_ORIGINS=http://ok.example,mcp.example.com: 'mcp.example.com' is not "
                + "an origin"),
        env);
    String flag =
        assertThrows(
                IllegalArgumentException.class,
                () -> load(Map.of("mcp.http.allowed-origins", "http://u:pw@x.example"), Map.of()))
            .getMessage();
    assertTrue(flag.startsWith("--allowed-origins http://***@x.example: "), flag);
    assertFalse(flag.contains("pw"), flag);
  }

  @Test
  void origins_areNormalised() {
    assertEquals(
        "https://mcp.example.com", HttpSettings.normalizeOrigin(" HTTPS://MCP.example.com "));
    assertEquals("http://[::1]:*", HttpSettings.normalizeOrigin("http://[::1]:*"));
  }

  @Test
  void badValues_nameTheKey() {
    assertEquals(
        "--transport grpc: must be stdio or http",
        assertThrows(
                IllegalArgumentException.class,
                () -> load(Map.of("mcp.transport", "grpc"), Map.of()))
            .getMessage());
    assertEquals(
        "--port 70000: must be 0..65535 (0 picks a free port)",
        assertThrows(
                IllegalArgumentException.class,
                () -> load(Map.of("mcp.http.port", "70000"), Map.of()))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> load(Map.of("mcp.http.session-idle-timeout", "0s"), Map.of()))
            .getMessage()
            .contains("session-idle"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> load(Map.of("mcp.http.max-request-size", "10"), Map.of()))
            .getMessage()
            .contains("max-request-size"));
  }

  @Test
  void limits_defaultsAndTypos() {
    HttpSettings.Limits l = load(Map.of(), Map.of()).transport().http().limits();
    assertEquals(
        new HttpSettings.Limits(1000, 100, 16 * 1024, 256, java.time.Duration.ofSeconds(10), 0), l);
    assertEquals(2 * Runtime.getRuntime().availableProcessors(), l.workingRequests());
    HttpSettings.Limits set =
        load(
                Map.of(
                    "mcp.http.max-sessions",
                    "5",
                    "mcp.http.max-sessions-per-client",
                    "5",
                    "mcp.http.max-initialize-size",
                    "2KiB",
                    "mcp.http.max-connections-per-client",
                    "3",
                    "mcp.http.request-body-timeout",
                    "1500ms",
                    "mcp.http.max-working-requests",
                    "3"),
                Map.of())
            .transport()
            .http()
            .limits();
    assertEquals(new HttpSettings.Limits(5, 5, 2048, 3, java.time.Duration.ofMillis(1500), 3), set);
    assertEquals(3, set.workingRequests());
    for (Map<String, String> bad :
        List.of(
            Map.of("mcp.http.max-sessions", "0"),
            Map.of("mcp.http.max-sessions", "10", "mcp.http.max-sessions-per-client", "11"),
            Map.of("mcp.http.max-initialize-size", "100"),
            Map.of("mcp.http.max-initialize-size", "2MiB"),
            Map.of("mcp.http.max-connections-per-client", "-1"),
            Map.of("mcp.http.request-body-timeout", "0s"),
            Map.of("mcp.http.max-working-requests", "-1"))) {
      String key =
          bad.keySet().stream()
              .filter(k -> !k.equals("mcp.http.max-sessions") || bad.size() == 1)
              .findFirst()
              .orElseThrow();
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> load(bad, Map.of()))
              .getMessage()
              .contains(key),
          bad.toString());
    }
  }
}
