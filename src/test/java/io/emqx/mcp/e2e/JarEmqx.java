package io.emqx.mcp.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.emqx.mcp.support.WireMockEmqx.echoClient;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static io.emqx.mcp.support.WireMockEmqx.onAny;

import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import java.util.Map;

/**
 * The fake EMQX that the built jar is pointed at in the end-to-end tests, and how it is pointed.
 */
final class JarEmqx {

  private JarEmqx() {}

  /**
   * A running v5.8.9 node, as the start-up probe and /healthz ask after it, that echoes any client
   * ID it is asked about.
   */
  static void runningNode(WireMockEmqx w) {
    w.stubFor(
        onAny(Route.STATUS)
            .willReturn(
                okJson(
                    "{\"node_name\":\"emqx@n1\",\"rel_vsn\":\"v5.8.9\","
                        + "\"broker_status\":\"started\",\"app_status\":\"running\"}")));
    w.stubFor(onAny(Route.GET_CLIENT).willReturn(echoClient()));
  }

  /** The client a stdio session asks after: sensor-42, connected to emqx@n1. */
  static void sensor42(WireMockEmqx w) {
    w.stubFor(
        on(Route.GET_CLIENT, "sensor-42")
            .willReturn(
                okJson("{\"clientid\":\"sensor-42\",\"connected\":true,\"node\":\"emqx@n1\"}")));
  }

  /** The environment that points a launched jar at {@code emqx} with the tests' key and secret. */
  static Map<String, String> env(WireMockEmqx emqx) {
    return Map.of(
        "EMQX_API_URL",
        emqx.baseUrl(),
        "EMQX_API_KEY",
        TestServer.KEY,
        "EMQX_API_SECRET",
        TestServer.SECRET);
  }
}
