package io.emqx.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP flags set config keys, which outrank every other source. */
class HttpFlagsTest {

  @Test
  void transportHostPort_becomeConfigKeys() {
    CommandLine cli =
        CommandLine.parse("--transport", "http", "--host", "0.0.0.0", "--port", "9090");
    assertEquals(
        Map.of("mcp.transport", "http", "mcp.http.host", "0.0.0.0", "mcp.http.port", "9090"),
        cli.configKeys());
  }

  @Test
  void allowedOrigins_isRepeatable_andCommaSeparated() {
    CommandLine cli =
        CommandLine.parse(
            "--allowed-origins",
            "http://a.example:8080,http://b.example",
            "--allowed-origins",
            "https://c.example");
    assertEquals(
        Map.of(
            "mcp.http.allowed-origins", "http://a.example:8080,http://b.example,https://c.example"),
        cli.configKeys());
    assertTrue(CommandLine.USAGE.contains("--allowed-origins"));
  }

  @Test
  void startUpLine_givesTheUrls_andTheSettingsForAnotherName() {
    String line =
        HttpLauncher.reachableAt(List.of("http://10.0.0.5:8080", "http://127.0.0.1:8080"));
    assertEquals(
        "clients can connect to http://10.0.0.5:8080/mcp, http://127.0.0.1:8080/mcp. To reach it under "
            + "another name, add that URL with EMQX_MCP_ALLOWED_ORIGINS, --allowed-origins or mcp.http.allowed-origins",
        line);
  }

  @Test
  void aFlagWithoutItsValue_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--port"));
    assertThrows(
        IllegalArgumentException.class, () -> CommandLine.parse("--transport", "--mock-emqx"));
  }
}
