package io.emqx.mcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.emqx.mcp.support.WireMockEmqx.json;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static io.emqx.mcp.support.WireMockEmqx.requested;
import static io.emqx.mcp.support.WireMockEmqx.requestedAny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.emqx.ClusterFacts;
import io.emqx.mcp.emqx.EmqxVersion;
import io.emqx.mcp.emqx.Requirement;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A tool that needs a newer EMQX than the cluster runs is refused with UNSUPPORTED_BY_CLUSTER
 * before anything is sent; when the version cannot be read, the call is sent.
 */
class VersionGateTest {

  @RegisterExtension static final WireMockEmqx wm = WireMockEmqx.create();

  static void clusterRuns(String version, String edition) {
    wm.stubFor(
        on(Route.LIST_NODES)
            .willReturn(
                okJson(
                    "[{\"node\":\"emqx@127.0.0.1\",\"node_status\":\"running\",\"role\":\"core\","
                        + "\"version\":\""
                        + version
                        + "\",\"edition\":\""
                        + edition
                        + "\"}]")));
  }

  static void mqueueAnswers() {
    // emqx_mgmt_api_clients.erl (v5.8.9): the mqueue page with its position-based meta.
    wm.stubFor(
        onAny(Route.CLIENT_MQUEUE)
            .willReturn(
                okJson(
                    "{\"data\":[],\"meta\":{\"start\":\"none\",\"position\":\"none\",\"limit\":10}}")));
  }

  static final Map<String, Object> ARGS = Map.of("clientid", "c1");

  @ParameterizedTest(name = "EMQX {0} {1}")
  @CsvSource({"5.5.1,Opensource", "5.0.26,Enterprise", "5.5.9-rc.1,Opensource"})
  void anOlderClusterIsRefusedWithoutARequest(String version, String edition) throws Exception {
    clusterRuns(version, edition);
    mqueueAnswers();
    try (TestServer server = TestServer.against(wm.baseUrl())) {
      Map<String, Object> error = server.error("list_client_mqueue", ARGS);
      assertEquals("UNSUPPORTED_BY_CLUSTER", error.get("code"), error.toString());
      String message = error.get("message").toString();
      assertTrue(message.contains(version) && message.contains("5.6+"), message);
      assertEquals(version, error.get("cluster_version"));
      assertEquals("5.6+", error.get("requires"));
      wm.verify(0, requestedAny(Route.CLIENT_MQUEUE));
      // Asked once, remembered: a second call reads no version again and sends nothing either.
      server.error("list_client_inflight", ARGS);
      wm.verify(0, requestedAny(Route.CLIENT_INFLIGHT));
      wm.verify(1, requested(Route.LIST_NODES));
    }
  }

  /** list_client_mqueue, gated at 5.6, reaches EMQX once and its answer comes back. */
  private void assertTheGatedCallIsServed() throws Exception {
    mqueueAnswers();
    try (TestServer server = TestServer.against(wm.baseUrl())) {
      assertFalse(server.call("list_client_mqueue", ARGS).isError());
      wm.verify(1, requestedAny(Route.CLIENT_MQUEUE));
    }
  }

  @ParameterizedTest(name = "EMQX {0}")
  @CsvSource({"5.6.0", "5.8.9", "6.3.0-beta.2"})
  void aNewEnoughClusterIsServed(String version) throws Exception {
    clusterRuns(version, "Opensource");
    assertTheGatedCallIsServed();
  }

  @Test
  void anUnknownVersionDoesNotBlock() throws Exception {
    // A key that may not read /nodes, or a broken answer: the call goes to EMQX, which answers.
    wm.stubFor(
        on(Route.LIST_NODES)
            .willReturn(
                json(
                    403,
                    "{\"code\":\"UNAUTHORIZED_ROLE\",\"message\":\"This API Key don't have permission to access this resource\"}")));
    assertTheGatedCallIsServed();
  }

  @Test
  void aToolAnyEmqxServesReadsNoVersion() throws Exception {
    clusterRuns("5.0.0", "Opensource");
    wm.stubFor(on(Route.GET_CLIENT, "c1").willReturn(okJson("{\"clientid\":\"c1\"}")));
    try (TestServer server = TestServer.against(wm.baseUrl())) {
      assertFalse(server.call("get_client", ARGS).isError());
      wm.verify(0, requested(Route.LIST_NODES));
    }
  }

  @Test
  void enterpriseOnlyNeedsAnEnterpriseOr59Cluster() {
    Requirement ee = Requirement.of("5.0", ClusterFacts.Edition.ENTERPRISE);
    assertTrue(ee.unmetBy(facts("5.8.9", ClusterFacts.Edition.OPENSOURCE)).contains("Enterprise"));
    assertEquals(null, ee.unmetBy(facts("5.8.11", ClusterFacts.Edition.ENTERPRISE)));
    assertEquals(null, ee.unmetBy(facts("5.9.0", ClusterFacts.Edition.ENTERPRISE)));
    assertEquals(
        "5.9+ Enterprise", Requirement.of("5.9", ClusterFacts.Edition.ENTERPRISE).toString());
  }

  @Property
  void servedExactlyFromTheVersionOn(
      @ForAll @IntRange(min = 5, max = 7) int major,
      @ForAll @IntRange(max = 12) int minor,
      @ForAll @IntRange(max = 12) int needMinor) {
    Requirement r =
        new Requirement(new EmqxVersion(5, needMinor, 0), ClusterFacts.Edition.OPENSOURCE);
    EmqxVersion v = new EmqxVersion(major, minor, 3);
    boolean served = r.unmetBy(facts(v.toString(), ClusterFacts.Edition.OPENSOURCE)) == null;
    assertEquals(major > 5 || minor >= needMinor, served);
  }

  static ClusterFacts facts(String version, ClusterFacts.Edition edition) {
    return new ClusterFacts(version, EmqxVersion.parse(version), edition, 1, 1);
  }
}
