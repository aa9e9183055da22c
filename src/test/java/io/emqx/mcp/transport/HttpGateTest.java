package io.emqx.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host and Origin matching (DNS-rebinding protection) against normalised allowed origins. */
class HttpGateTest {

  static final List<String> ALLOWED =
      List.of(
          "http://localhost:*",
          "http://127.0.0.1:*",
          "http://[::1]:*",
          "https://mcp.example.com",
          "http://10.0.0.5:8080");

  @ParameterizedTest
  @CsvSource({
    "localhost, true",
    "localhost:8080, true",
    "LOCALHOST:8080, true",
    "127.0.0.1:1, true",
    "[::1]:8080, true",
    "mcp.example.com, true",
    "mcp.example.com:443, true",
    "10.0.0.5:8080, true",
    "localhost:80x, false",
    "localhost.evil.example, false",
    "localhost:8080.evil.example, false",
    "mcp.example.com:444, false",
    "10.0.0.5, false",
    "10.0.0.5:8081, false",
    "127.0.0.1.nip.io, false",
    "evil.example, false",
    "'', false"
  })
  void host(String host, boolean allowed) {
    assertEquals(allowed, HttpGate.hostAllowed(host, ALLOWED), host);
  }

  @ParameterizedTest
  @CsvSource({
    "http://localhost:5173, true",
    "http://localhost, true",
    "https://mcp.example.com, true",
    "https://mcp.example.com:443, true",
    "http://10.0.0.5:8080, true",
    "https://localhost:5173, false",
    "http://mcp.example.com, false",
    "http://localhost.evil.example, false",
    "null, false",
    "file://, false",
    "http://10.0.0.5:80, false"
  })
  void origin(String origin, boolean allowed) {
    assertEquals(allowed, HttpGate.originAllowed(origin, ALLOWED), origin);
  }
}
