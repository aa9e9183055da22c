package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the fake answers differently when it plays EMQX 6.3 rather than 5.8: the namespace lists
 * (emqx_mt_api.erl), the {@code ns} parameter and {@code namespace} field of rules, connectors and
 * actions (release-61/63), keys with roles and scopes (emqx_mgmt_auth.erl,
 * emqx_dashboard_rbac.erl), and 6.x's 401 sentences. One fake per release for the class.
 */
class SixApisTest {

  static MockEmqx six;
  static MockEmqx five;
  static MockEmqx nine;
  static Api api6;
  static Api api5;
  static Api api59;

  @BeforeAll
  static void start() {
    six = MockEmqx.start(new MockEmqx.Options(0, 0, "6.3.0"));
    five = MockEmqx.start(MockEmqx.Options.defaults());
    nine = MockEmqx.start(new MockEmqx.Options(0, 0, "5.9.3"));
    api6 = new Api(six);
    api5 = new Api(five);
    api59 = new Api(nine);
  }

  @AfterAll
  static void stop() {
    six.close();
    five.close();
    nine.close();
  }

  static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.isTextual() ? n.asText() : n.get("name").asText()));
    return out;
  }

  @Test
  void managedNamespaces_withDetails_sortedByName() {
    JsonNode list = api6.getOk("/mt/managed_ns_list_details");
    assertEquals(List.of("tenant-a", "tenant-b"), names(list));
    assertEquals(1000, list.get(0).at("/config/session/max_sessions").asInt());
    assertTrue(list.get(0).get("created_at").isIntegralNumber());
    assertEquals(List.of("tenant-a", "tenant-b"), names(api6.getOk("/mt/managed_ns_list")));
    assertEquals(
        List.of("tenant-a", "tenant-b", "tenant-c"), names(api6.getOk("/mt/ns_list_details")));
  }

  /** paginated_response/4: limit + 1 asked, a next link on every page but the last. */
  @Test
  void pagesByCursor_withANextLink_andNoneOnTheLastPage() {
    Api.Res first = api6.get("/mt/ns_list?limit=2");
    assertEquals(200, first.status());
    assertEquals(List.of("tenant-a", "tenant-b"), names(first.json()));
    assertEquals("<?last_ns=tenant-b&limit=2>; rel=\"next\"", first.header("link"));
    Api.Res last = api6.get("/mt/ns_list?limit=2&last_ns=tenant-b");
    assertEquals(List.of("tenant-c"), names(last.json()));
    assertNull(last.header("link"));
    Api.Res from = api6.get("/mt/ns_list?limit=1&first_ns=tenant-b");
    assertEquals(List.of("tenant-b"), names(from.json()));
    assertEquals("<?first_ns=tenant-c&limit=1>; rel=\"next\"", from.header("link"));
  }

  @ParameterizedTest
  @CsvSource({
    "/mt/ns_list?last_ns=a&first_ns=b, BAD_REQUEST",
    "/mt/managed_ns_list?limit=0, BAD_REQUEST",
    "/mt/managed_ns_list_details?limit=x, BAD_REQUEST"
  })
  void badCursorsAndLimits_are400(String path, String code) {
    Api.Res r = api6.get(path);
    assertEquals(400, r.status(), r.body());
    assertEquals(code, r.code());
  }

  /** 5.8 has no /mt routes: the unknown-path 404, before any auth; 5.9 has the name lists only. */
  @Test
  void olderReleases_answerTheRoutesTheyHave() {
    Api.Res r =
        Api.send(
            api5.unauthenticated("/api/v5/mt/managed_ns_list")
                .header("Accept", "application/json")
                .GET());
    assertEquals(404, r.status());
    assertEquals(RoutingApi.NOT_FOUND_JSON, r.body());
    assertEquals(List.of("tenant-a", "tenant-b"), names(api59.getOk("/mt/managed_ns_list")));
    assertEquals(404, api59.get("/mt/managed_ns_list_details").status());
  }

  @Test
  void rules_everyNamespaceByDefault_oneWithNs_globalWithOnlyGlobal() {
    JsonNode all = api6.getOk("/rules").get("data");
    assertEquals(4, all.size());
    assertTrue(all.get(0).has("namespace") && all.get(0).get("namespace").isNull());
    JsonNode tenant = api6.getOk("/rules?ns=tenant-a").get("data");
    assertEquals(1, tenant.size());
    assertEquals("tenant-a", tenant.get(0).get("namespace").asText());
    assertEquals(3, api6.getOk("/rules?only_global=true").get("data").size());
    // One rule: the global namespace unless ns names another.
    assertEquals(404, api6.get("/rules/tenant_a_alerts").status());
    assertEquals(
        "tenant_a_alerts", api6.getOk("/rules/tenant_a_alerts?ns=tenant-a").get("id").asText());
    assertTrue(
        api6.getOk("/rules/tenant_a_alerts/metrics?ns=tenant-a").at("/metrics/matched").asLong()
            > 0);
  }

  @Test
  void anUnmanagedNamespace_is400ManagedNamespaceNotFound() {
    for (String path :
        List.of("/rules?ns=nope", "/connectors?ns=nope", "/actions?ns=nope", "/rules/x?ns=nope")) {
      Api.Res r = api6.get(path);
      assertEquals(400, r.status(), path);
      assertEquals("Managed namespace not found", r.json().get("message").asText(), path);
    }
  }

  @Test
  void actions_ofANamespace_andTheirMetricsThere() {
    JsonNode all = api6.getOk("/actions");
    assertEquals(3, all.size());
    JsonNode tenant = api6.getOk("/actions?ns=tenant-a");
    assertEquals(1, tenant.size());
    assertEquals("tenant_a_hook", tenant.get(0).get("name").asText());
    assertTrue(
        api6.getOk("/actions/http:tenant_a_hook/metrics?ns=tenant-a")
                .at("/metrics/matched")
                .asLong()
            > 0);
    // Globally there is no such action: the zeros EMQX answers for an unknown one.
    assertEquals(
        0, api6.getOk("/actions/http:tenant_a_hook/metrics").at("/metrics/matched").asLong());
    assertEquals(3, api6.getOk("/connectors").size());
  }

  /** 5.8 has no namespaced resources, no namespace field, and ignores an ns it does not declare. */
  @Test
  void fiveEight_hasNoNamespaces() {
    JsonNode rules = api5.getOk("/rules?ns=tenant-a").get("data");
    assertEquals(3, rules.size());
    assertFalse(rules.get(0).has("namespace"));
    assertEquals(2, api5.getOk("/actions").size());
    assertEquals(2, api5.getOk("/connectors?ns=nope").size());
  }

  static String basic(String key) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((key + ":" + MockEmqx.API_SECRET).getBytes(StandardCharsets.UTF_8));
  }

  static Api.Res as(Api api, String key, HttpRequest.Builder request) {
    return Api.send(request.setHeader("Authorization", basic(key)));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "mock-viewer-key, GET, /clients, 200, ''",
    "mock-viewer-key, DELETE, /clients/sensor-42, 403, You don't have permission to access this resource",
    "mock-publisher-key, GET, /clients, 403, You don't have permission to access this resource",
    "mock-connections-key, GET, /clients, 200, ''",
    "mock-connections-key, GET, /rules, 403, This API Key don't have permission to access this resource",
    "mock-connections-key, GET, /nodes, 403, This API Key don't have permission to access this resource",
  })
  void roleAndScopeRefusals_sayWhatEmqx63Says(
      String key, String method, String path, int status, String message) {
    Api.Res r =
        as(api6, key, api6.request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    assertEquals(status, r.status(), r.body());
    if (status == 403) {
      assertEquals("UNAUTHORIZED_ROLE", r.code());
      assertEquals(message, r.json().get("message").asText());
    }
  }

  @Test
  void aPublisherPublishes_andScopesDoNotExistBefore62() {
    Api.Res r =
        as(
            api6,
            MockEmqx.PUBLISHER_KEY,
            api6.request("/publish")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"topic\":\"t/1\",\"payload\":\"x\"}")));
    assertTrue(r.status() == 200 || r.status() == 202, r.body());
    // 5.9 has roles but no scopes: the connections-only key is a plain administrator there.
    assertEquals(200, as(api59, MockEmqx.SCOPED_KEY, api59.request("/rules").GET()).status());
  }

  /** An Opensource 5.8 has no roles: the role keys do not exist there. */
  @Test
  void fiveEight_knowsOnlyTheAdministratorKey() {
    Api.Res r = as(api5, MockEmqx.VIEWER_KEY, api5.request("/clients").GET());
    assertEquals(401, r.status());
    assertEquals("BAD_API_KEY_OR_SECRET", r.code());
  }

  @Test
  void sixRewordsTheMissingHeaderAndBadToken() {
    Api.Res none = Api.send(api6.unauthenticated("/api/v5/clients").GET());
    assertEquals(401, none.status());
    assertEquals(Auth.MISSING_HEADER_6, none.json().get("message").asText());
    Api.Res token =
        Api.send(api6.request("/clients").setHeader("Authorization", "Bearer xyz").GET());
    assertEquals(Auth.BAD_TOKEN_6, token.json().get("message").asText());
    Api.Res old = Api.send(api5.unauthenticated("/api/v5/clients").GET());
    assertEquals("Support authorization: basic/bearer ", old.json().get("message").asText());
  }
}
