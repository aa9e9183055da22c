package io.emqx.mcp.tools;

import static io.emqx.mcp.support.WireMockEmqx.json;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.WireMockEmqx;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A 403 names the role and the API-key scope the call needed, whichever 403 EMQX sent. */
class ForbiddenHintTest {

  @RegisterExtension
  static final WireMockEmqx wm = WireMockEmqx.create().withServer(Duration.ofSeconds(15));

  /** The 403 messages: a 5.8 role (emqx_dashboard.erl, e5.8.11), 6.x RBAC and namespace checks. */
  static final String[] BODIES = {
    "This API Key don't have permission to access this resource",
    "You don't have permission to access this resource",
    "Publishing is not allowed for namespaced API keys"
  };

  @ParameterizedTest(name = "{0} -> {2}, {3}")
  @CsvSource({
    "get_client, GET_CLIENT, viewer, connections, 0",
    "list_rules, LIST_RULES, viewer, data_integration, 1",
    "list_nodes, LIST_NODES, viewer, cluster_operations, 0",
    "publish_message, PUBLISH, publisher, publish, 2",
  })
  void forbidden_namesRoleAndScope(String tool, String route, String role, String scope, int body)
      throws Exception {
    Route r = (Route) Route.class.getField(route).get(null);
    wm.stubFor(
        onAny(r)
            .willReturn(
                json(
                    403, "{\"code\":\"UNAUTHORIZED_ROLE\",\"message\":\"" + BODIES[body] + "\"}")));
    Map<String, Object> args =
        switch (tool) {
          case "get_client" -> Map.of("clientid", "c1");
          case "publish_message" -> Map.of("topic", "t/1", "payload", "x");
          default -> Map.of();
        };
    Map<String, Object> error = wm.server().error(tool, args);
    assertEquals("EMQX_FORBIDDEN", error.get("code"), error.toString());
    assertEquals("UNAUTHORIZED_ROLE", error.get("emqx_code"));
    String message = error.get("message").toString();
    assertTrue(message.contains(BODIES[body]), "EMQX's own reason is kept: " + message);
    assertTrue(message.contains(role + " "), message);
    assertTrue(message.contains("'" + scope + "' scope"), message);
    assertTrue(message.contains(r.toString()), message);
  }
}
