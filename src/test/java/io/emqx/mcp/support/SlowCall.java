package io.emqx.mcp.support;

import static io.emqx.mcp.support.WireMockEmqx.requested;

import io.emqx.mcp.emqx.Route;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A get_client call that is in flight: sent, and seen by the fake EMQX, but not yet answered. */
public final class SlowCall {

  private SlowCall() {}

  /**
   * Calls get_client for {@code clientid} in the background and returns once {@code emqx} has the
   * request (stub it with a delay): what a drain or a shutdown must then let answer.
   */
  public static CompletableFuture<McpSchema.CallToolResult> inFlight(
      McpSyncClient client, WireMockEmqx emqx, String clientid) throws InterruptedException {
    int before = emqx.findAll(requested(Route.GET_CLIENT, clientid)).size();
    CompletableFuture<McpSchema.CallToolResult> call =
        CompletableFuture.supplyAsync(
            () ->
                client.callTool(
                    new McpSchema.CallToolRequest("get_client", Map.of("clientid", clientid))));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (emqx.findAll(requested(Route.GET_CLIENT, clientid)).size() == before) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("EMQX never saw the get_client call for " + clientid);
      }
      Thread.sleep(10); // polling WireMock's journal, with a deadline
    }
    return call;
  }
}
