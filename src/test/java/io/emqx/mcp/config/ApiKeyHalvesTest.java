package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.topic.TopicRules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An API key without its secret (or a secret without its key) used to read "no EMQX API key
 * configured", which sends the user looking for the key they did set. Every call that needs EMQX
 * now names the missing half, through the real server and the SDK's client.
 */
class ApiKeyHalvesTest {

  @ParameterizedTest
  @CsvSource({
    "ops-key,,the API secret is missing: API key",
    ",s3cret-half,the API key is missing: an API secret is set",
    ",,no EMQX API key configured"
  })
  void everyEmqxCall_namesTheMissingHalf(String key, String secret, String expected)
      throws Exception {
    // Port 1 answers nothing: had a request been sent, the error would be EMQX_UNAVAILABLE instead.
    Settings settings =
        new Settings(
            new Settings.Emqx(
                Settings.normalizeApiUrl("http://127.0.0.1:1"),
                key == null ? "" : key,
                new Secret(secret),
                Duration.ofSeconds(2)),
            new Settings.Mcp(false).withoutAudit(),
            TopicRules.allowAll());
    try (TestServer server = TestServer.start(settings)) {
      for (Map.Entry<String, Map<String, Object>> call :
          List.of(
              Map.entry("get_client", Map.<String, Object>of("clientid", "c1")),
              Map.entry("list_clients", Map.<String, Object>of()),
              Map.entry("kick_mqtt_client", Map.<String, Object>of("clientid", "c1")))) {
        Map<String, Object> error = server.error(call.getKey(), call.getValue());
        assertEquals("EMQX_AUTH_FAILED", error.get("code"), call.getKey() + ": " + error);
        String message = String.valueOf(error.get("message"));
        assertTrue(message.startsWith(expected), call.getKey() + ": " + message);
        assertFalse(message.contains("s3cret-half"), message);
      }
    }
  }
}
