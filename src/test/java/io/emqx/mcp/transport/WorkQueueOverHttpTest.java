package io.emqx.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.HttpSettings;
import io.emqx.mcp.support.GateEmqx;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Requests take turns at the CPU over HTTP ({@code mcp.http.max-working-requests}), and a request
 * waiting for EMQX holds no turn: with a single slot, a call held at EMQX does not stop another
 * session's requests, and every turn is given back when calls end, however they end.
 */
class WorkQueueOverHttpTest {

  private static HttpTestServer start(GateEmqx emqx, int slots) {
    HttpSettings.Limits d = HttpSettings.defaults().limits();
    HttpSettings.Limits limits =
        new HttpSettings.Limits(
            d.maxSessions(),
            d.maxSessionsPerClient(),
            d.maxInitializeBytes(),
            d.maxConnectionsPerClient(),
            d.requestBodyTimeout(),
            slots);
    return HttpTestServer.start(
        TestServer.settings(emqx.url(), Duration.ofSeconds(20), false),
        HttpTestServer.httpSettings(null).withLimits(limits));
  }

  @Test
  void aCallWaitingForEmqxHoldsNoSlot_soOtherSessionsGoOn() throws Exception {
    try (GateEmqx emqx = new GateEmqx();
        HttpTestServer server = start(emqx, 1)) {
      assertEquals(1, server.http.work().slots());
      McpSyncClient slow = server.streamableClient(null);
      McpSyncClient other = server.streamableClient(null);
      CompletableFuture<McpSchema.CallToolResult> held =
          CompletableFuture.supplyAsync(
              () ->
                  slow.callTool(
                      new McpSchema.CallToolRequest("get_client", Map.of("clientid", "held-1"))));
      emqx.awaitArrival("held-1");

      assertEquals(0, server.http.work().busy(), "the call at EMQX gave its slot up");
      assertFalse(other.listTools().tools().isEmpty());
      assertFalse(
          Boolean.TRUE.equals(
              other
                  .callTool(
                      new McpSchema.CallToolRequest("get_client", Map.of("clientid", "quick-1")))
                  .isError()));
      assertFalse(held.isDone());

      emqx.release("held-1");
      McpSchema.CallToolResult result = held.get(30, TimeUnit.SECONDS);
      assertFalse(Boolean.TRUE.equals(result.isError()), result.toString());
      assertTrue(result.structuredContent().toString().contains("held-1"));
      assertEquals(0, server.http.work().busy());
      assertEquals(0, server.http.work().waiting());
      slow.closeGracefully();
      other.closeGracefully();
    }
  }

  @Test
  void byDefault_twoPlacesPerProcessor() throws Exception {
    assertEquals(0, HttpSettings.defaults().limits().maxWorkingRequests());
    try (GateEmqx emqx = new GateEmqx();
        HttpTestServer server = start(emqx, 0)) {
      assertEquals(2 * Runtime.getRuntime().availableProcessors(), server.http.work().slots());
      McpSyncClient client = server.streamableClient(null);
      assertFalse(
          Boolean.TRUE.equals(
              client
                  .callTool(
                      new McpSchema.CallToolRequest("get_client", Map.of("clientid", "quick-0")))
                  .isError()));
      client.closeGracefully();
    }
  }

  @Test
  void failedAndRefusedCallsGiveTheirSlotBack() throws Exception {
    try (GateEmqx emqx = new GateEmqx();
        HttpTestServer server = start(emqx, 1)) {
      McpSyncClient client = server.streamableClient(null);
      // An EMQX failure (the gate has no such route), arguments refused, an unknown tool, a change.
      client.callTool(new McpSchema.CallToolRequest("list_clients", Map.of()));
      client.callTool(
          new McpSchema.CallToolRequest("get_client", Map.of("clientid", 42, "extra", true)));
      client.callTool(new McpSchema.CallToolRequest("no_such_tool", Map.of()));
      client.callTool(
          new McpSchema.CallToolRequest("kick_mqtt_client", Map.of("clientid", "gone-1")));
      assertEquals(0, server.http.work().busy());
      // Still one slot to have: the next call is answered.
      assertFalse(
          Boolean.TRUE.equals(
              client
                  .callTool(
                      new McpSchema.CallToolRequest("get_client", Map.of("clientid", "quick-2")))
                  .isError()));
      assertEquals(0, server.http.work().busy());
      client.closeGracefully();
    }
  }

  /**
   * The flight-recorder event that the load benchmark's server-side times come from: one per
   * request, whose EMQX share covers the wait at EMQX (here the whole of another session's call)
   * and whose parts fit in its duration.
   */
  @Test
  void eachRequestIsAFlightRecorderEvent_withItsWaitsForATurnAndForEmqx() throws Exception {
    Path file = Files.createTempFile("request-events", ".jfr");
    try (GateEmqx emqx = new GateEmqx();
        HttpTestServer server = start(emqx, 1);
        Recording recording = new Recording()) {
      recording.enable(RequestEvent.NAME);
      McpSyncClient slow = server.streamableClient(null);
      McpSyncClient other = server.streamableClient(null);
      recording.start();
      CompletableFuture<McpSchema.CallToolResult> held =
          CompletableFuture.supplyAsync(
              () ->
                  slow.callTool(
                      new McpSchema.CallToolRequest("get_client", Map.of("clientid", "held-2"))));
      emqx.awaitArrival("held-2");
      other.callTool(new McpSchema.CallToolRequest("get_client", Map.of("clientid", "quick-3")));
      emqx.release("held-2");
      held.get(30, TimeUnit.SECONDS);
      recording.stop();
      recording.dump(file);
      slow.closeGracefully();
      other.closeGracefully();

      List<RecordedEvent> calls =
          RecordingFile.readAllEvents(file).stream()
              .filter(e -> e.getEventType().getName().equals(RequestEvent.NAME))
              .filter(e -> "tools/call".equals(e.getString("method")))
              .sorted(Comparator.comparing(RecordedEvent::getEndTime))
              .toList();
      assertEquals(2, calls.size(), calls.toString());
      RecordedEvent quick = calls.get(0);
      RecordedEvent slowCall = calls.get(1);
      assertTrue(
          slowCall.getDuration("emqx").compareTo(quick.getDuration()) > 0,
          "the held call waited at EMQX through the whole quick call: " + calls);
      for (RecordedEvent e : calls) {
        assertTrue(
            e.getDuration("emqx").plus(e.getDuration("queued")).compareTo(e.getDuration()) <= 0,
            e.toString());
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
