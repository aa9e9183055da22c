package io.emqx.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP flags set config keys, which outrank every other source. */
class HttpFlagsTest {

  @Test
  void transportHostPort_becomeConfigKeys() {
    CommandLine cli = CommandLine.parse("--transport", "http", "--host", "0.0.0.0", "--port", "9090");
    assertEquals(Map.of("mcp.transport", "http", "mcp.http.host", "0.0.0.0", "mcp.http.port", "9090"),
        cli.configKeys());
  }

  @Test
  void aFlagWithoutItsValue_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--port"));
    assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--transport", "--mock-emqx"));
  }
}
