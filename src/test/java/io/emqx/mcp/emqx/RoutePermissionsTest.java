package io.emqx.mcp.emqx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every route we call knows the role and the API-key scope EMQX checks for it. */
class RoutePermissionsTest {

  /** The scope names of apps/emqx_utils/include/emqx_api_key_scopes.hrl (release-62). */
  static final Set<String> SCOPES =
      Set.of(
          "connections",
          "publish",
          "data_integration",
          "access_control",
          "gateways",
          "monitoring",
          "cluster_operations",
          "system",
          "audit",
          "license");

  static List<Route> all() throws IllegalAccessException {
    List<Route> out = new ArrayList<>();
    for (Field f : Route.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == Route.class) {
        out.add((Route) f.get(null));
      }
    }
    return out;
  }

  @Test
  void everyRouteHasAKnownScopeAndRole() throws Exception {
    List<Route> routes = all();
    assertTrue(routes.size() > 40, "routes found: " + routes.size());
    for (Route r : routes) {
      assertTrue(SCOPES.contains(r.scope()), r + " -> " + r.scope());
      assertTrue(
          Set.of("viewer", "publisher", "administrator").contains(r.leastRole()), r.toString());
    }
  }

  @Test
  void theModulesScopesAsEmqxDeclaresThem() {
    assertEquals("connections", Route.CLIENT_MQUEUE.scope());
    assertEquals("connections", Route.DELETE_RETAINED.scope());
    assertEquals("cluster_operations", Route.NODE_STATS.scope()); // served by emqx_mgmt_api_nodes
    assertEquals("monitoring", Route.STATS.scope());
    assertEquals("publish", Route.PUBLISH_BULK.scope());
    // /clients/:clientid/authorization/cache is emqx_mgmt_api_clients' (connections);
    // /authorization/cache is emqx_authz_api_cache's (access_control).
    assertEquals("connections", Route.CLIENT_AUTHZ_CACHE.scope());
    assertEquals("access_control", Route.CLEAR_AUTHZ_CACHE.scope());
    assertEquals("data_integration", Route.SOURCE_METRICS.scope());
    assertEquals("system", Route.LIST_LISTENERS.scope());
  }

  @Test
  void viewersReadPublishersPublishAdministratorsChange() {
    assertEquals("viewer", Route.LIST_CLIENTS.leastRole());
    assertEquals("publisher", Route.PUBLISH.leastRole());
    assertEquals("publisher", Route.PUBLISH_BULK.leastRole());
    assertEquals("administrator", Route.KICK_CLIENT.leastRole());
    assertEquals("administrator", Route.SUBSCRIBE.leastRole());
  }
}
