package io.emqx.mcp.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.emqx.mcp.support.WireMockEmqx.echoClient;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.InProcessStdio;
import io.emqx.mcp.support.RawRpc;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stdio transport under the load agents put on it. The SDK's own transport loses responses
 * ("Failed to enqueue message") with 8-16 calls in flight; these tests hold ours to every response
 * arriving, matched to its request.
 */
class StdioTransportTest {

  @RegisterExtension static final WireMockEmqx wm = echoingOutOfOrder();

  /**
   * EMQX echoing the client ID from the path after a random delay, so that answers finish out of
   * order; also the HTTP transport's.
   */
  static WireMockEmqx echoingOutOfOrder() {
    return WireMockEmqx.create(o -> o.containerThreads(40).globalTemplating(true))
        .standing(
            w ->
                w.stubFor(
                    onAny(Route.GET_CLIENT).willReturn(echoClient().withUniformRandomDelay(0, 8))));
  }

  @Test
  void fiveHundredCalls_sixteenInFlight_everyResponseMatchesItsRequest() throws Exception {
    try (InProcessStdio server =
        new InProcessStdio(TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false))) {
      server.rpc.assertConcurrentCallsAnswered(500, 16);
    }
  }

  @Test
  void slowCall_doesNotDelayAFastOneBehindIt() throws Exception {
    wm.stubFor(
        on(Route.GET_CLIENT, "slow")
            .willReturn(okJson("{\"clientid\":\"slow\"}").withFixedDelay(1500)));
    try (InProcessStdio server =
        new InProcessStdio(TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false))) {
      server.rpc.initialize();
      CompletableFuture<Map<String, Object>> slow =
          server.rpc.callTool("get_client", Map.of("clientid", "slow"));
      Map<String, Object> fast =
          server.rpc.callTool("get_client", Map.of("clientid", "fast")).get(1, TimeUnit.SECONDS);
      assertEquals("fast", RawRpc.structured(fast).get("clientid"));
      assertTrue(
          !slow.isDone(), "the slow call should still be running when the fast one answered");
      assertEquals("slow", RawRpc.structured(slow.get(5, TimeUnit.SECONDS)).get("clientid"));
    }
  }

  @Test
  void garbageLine_isAnsweredAndTheSessionGoesOn() throws Exception {
    try (InProcessStdio server =
        new InProcessStdio(TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false))) {
      server.rpc.initialize();
      server.rpc.sendLine("this is not json");
      // A JSON line that is no JSON-RPC message is answered with its own id.
      server.rpc.sendLine("{\"jsonrpc\":\"2.0\",\"id\":4242,\"nonsense\":true}");
      Map<String, Object> r = server.rpc.call("tools/list", Map.of(), Duration.ofSeconds(5));
      assertTrue(r.containsKey("result"), "the session goes on after bad lines");
      List<Map<String, Object>> errors = server.rpc.unexpected();
      assertEquals(2, errors.size(), errors.toString());
      assertEquals(-32700, ((Map<?, ?>) errors.get(0).get("error")).get("code"));
      assertEquals(null, errors.get(0).get("id"));
      assertEquals(4242, errors.get(1).get("id"));
      assertEquals(-32600, ((Map<?, ?>) errors.get(1).get("error")).get("code"));
    }
  }

  @Test
  void endOfInput_letsRunningCallsAnswerFirst() throws Exception {
    wm.stubFor(
        on(Route.GET_CLIENT, "late")
            .willReturn(okJson("{\"clientid\":\"late\"}").withFixedDelay(500)));
    InProcessStdio server =
        new InProcessStdio(TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false));
    server.rpc.initialize();
    CompletableFuture<Map<String, Object>> late =
        server.rpc.callTool("get_client", Map.of("clientid", "late"));
    server.close(); // stdin EOF while the call runs
    assertEquals("late", RawRpc.structured(late.get(5, TimeUnit.SECONDS)).get("clientid"));
    assertTrue(server.closed.await(5, TimeUnit.SECONDS), "the session ends after the last answer");
  }
}
