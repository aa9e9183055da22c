package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.support.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 403 bodies of EMQX 6.x, as the fake playing 6.3 answers them for a key with a role or a
 * scope, reach the agent as EMQX_FORBIDDEN with EMQX's sentence kept and the role and API-key scope
 * the refused route needs.
 */
class SixForbiddenTest {

  static MockEmqx six;

  @BeforeAll
  static void start() {
    six = MockEmqx.start(new MockEmqx.Options(0, 0, "6.3.0"));
  }

  @AfterAll
  static void stop() {
    six.close();
  }

  static TestServer as(String key) throws Exception {
    Settings s = TestServer.settings(six, Duration.ofSeconds(10));
    return TestServer.start(
        s.withEmqx(s.emqx().withApi(six.apiUrl(), key, new Secret(MockEmqx.API_SECRET))));
  }

  @Test
  void aViewerKeysKick_isForbidden_namingTheAdministratorRole() throws Exception {
    try (TestServer viewer = as(MockEmqx.VIEWER_KEY)) {
      assertEquals(
          "sensor-42", viewer.ok("get_client", Map.of("clientid", "sensor-42")).get("clientid"));
      Map<String, Object> e = viewer.error("kick_mqtt_client", Map.of("clientid", "sensor-42"));
      assertEquals("EMQX_FORBIDDEN", e.get("code"), e.toString());
      String message = e.get("message").toString();
      assertTrue(message.contains("You don't have permission to access this resource"), message);
      assertTrue(message.contains("administrator"), message);
    }
  }

  @Test
  void aConnectionsOnlyKey_readsClients_butNotRules_namingTheScope() throws Exception {
    try (TestServer scoped = as(MockEmqx.SCOPED_KEY)) {
      scoped.ok("list_clients", Map.of());
      Map<String, Object> e = scoped.error("list_rules", Map.of());
      assertEquals("EMQX_FORBIDDEN", e.get("code"), e.toString());
      String message = e.get("message").toString();
      assertTrue(message.contains("This API Key don't have permission"), message);
      assertTrue(message.contains("'data_integration' scope"), message);
    }
  }
}
