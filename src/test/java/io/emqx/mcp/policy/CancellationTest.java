package io.emqx.mcp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.MqttSettings;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.support.GateEmqx;
import io.emqx.mcp.support.InProcessStdio;
import io.emqx.mcp.support.RawRpc;
import io.emqx.mcp.support.TestBroker;
import io.emqx.mcp.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client's {@code notifications/cancelled} interrupts the tool's thread. Nothing that outlives
 * the call may feel it: later changes must still run and be audited, and the cancelled change
 * itself is audited as {@code cancelled} with what EMQX answered. No test waits by sleeping: EMQX
 * holds a kick until released ({@link GateEmqx}), the audit writer pauses on a latch, and a ping
 * after the cancel proves the server has handled it.
 */
class CancellationTest {

  @TempDir Path dir;
  GateEmqx emqx;
  Path file;

  /** Pauses the audit writer before the next line when armed; the write itself is real. */
  final AtomicBoolean pauseNextWrite = new AtomicBoolean();

  volatile CountDownLatch writerPaused = new CountDownLatch(1);
  volatile CountDownLatch writerGo = new CountDownLatch(1);
  final AtomicInteger writes = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    emqx = new GateEmqx();
    file = dir.resolve("audit.log");
  }

  @AfterEach
  void stop() {
    writerGo.countDown();
    emqx.close();
  }

  Settings settings() {
    return TestServer.settings(emqx.url(), Duration.ofSeconds(20), false)
        .withMcp(new Settings.Mcp(false, List.of("*"), List.of(), List.of(), file, false, 0));
  }

  InProcessStdio server(Settings settings) throws Exception {
    AuditLog audit =
        AuditLog.open(
            file,
            settings.emqx().apiUrl(),
            () -> {
              writes.incrementAndGet();
              if (pauseNextWrite.compareAndSet(true, false)) {
                writerPaused.countDown();
                try {
                  writerGo.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    InProcessStdio server =
        new InProcessStdio(settings, new Policy(settings, audit, System::nanoTime));
    server.rpc.initialize();
    return server;
  }

  List<Map<String, Object>> lines() throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(TestServer::parse)
        .toList();
  }

  /**
   * The outcome line of the kick of {@code clientid}, polled for with a deadline (it is written
   * after the cancel).
   */
  Map<String, Object> outcomeOf(String clientid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (Map<String, Object> line : lines()) {
        if ("outcome".equals(line.get("phase"))
            && clientid.equals(((Map<?, ?>) line.get("arguments")).get("clientid"))) {
          return line;
        }
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // a poll with a deadline
    }
    throw new AssertionError("no outcome line for " + clientid + ": " + lines());
  }

  Map<String, Object> intentOf(String clientid) throws Exception {
    return lines().stream()
        .filter(
            l ->
                "intent".equals(l.get("phase"))
                    && clientid.equals(((Map<?, ?>) l.get("arguments")).get("clientid")))
        .findFirst()
        .orElse(null);
  }

  static void assertKicked(RawRpc rpc, String clientid) throws Exception {
    Map<String, Object> r =
        rpc.callTool("kick_mqtt_client", Map.of("clientid", clientid)).get(30, TimeUnit.SECONDS);
    Map<String, Object> structured = RawRpc.structured(r);
    assertTrue(
        structured != null && Boolean.TRUE.equals(structured.get("disconnected")), r.toString());
  }

  void assertLaterKicksRunAndAreAudited(RawRpc rpc, String... ids) throws Exception {
    for (String id : ids) {
      assertKicked(rpc, id);
      assertEquals("executed", outcomeOf(id).get("outcome"));
      assertEquals(204, outcomeOf(id).get("emqx_status"));
      assertEquals(outcomeOf(id).get("call"), intentOf(id).get("call"));
    }
  }

  @Test
  void kickCancelledWhileAtEmqx_isAuditedCancelledWithEmqxsAnswer_andLaterKicksRun()
      throws Exception {
    try (InProcessStdio server = server(settings())) {
      CompletableFuture<Map<String, Object>> kick =
          server.rpc.callTool("kick_mqtt_client", Map.of("clientid", "held-1"));
      long id = server.rpc.lastRequestId();
      emqx.awaitArrival("held-1");
      server.rpc.cancel(id);
      emqx.release("held-1");

      Map<String, Object> outcome = outcomeOf("held-1");
      assertEquals("cancelled", outcome.get("outcome"), outcome.toString());
      assertEquals(
          204, outcome.get("emqx_status"), "the DELETE reached EMQX, and the audit says so");
      assertEquals(outcome.get("call"), intentOf("held-1").get("call"));
      assertLaterKicksRunAndAreAudited(server.rpc, "c-1", "c-2", "c-3");
      assertFalse(kick.isDone(), "a cancelled request gets no response");
      assertEquals(List.of(), server.rpc.badLines());
    }
  }

  @Test
  void mqttQueryCancelledWhileWaitingForItsReply_leavesChangesWorking() throws Exception {
    TestBroker broker = TestBroker.start();
    try {
      var responder = broker.client("responder");
      CountDownLatch requested = new CountDownLatch(1);
      responder
          .toAsync()
          .subscribeWith()
          .topicFilter("svc/req")
          .callback(p -> requested.countDown())
          .send()
          .join();
      Settings settings =
          settings()
              .withMqtt(MqttSettings.defaultsFor(settings().emqx().apiUrl()).withUrl(broker.url()));
      try (InProcessStdio server = server(settings)) {
        CompletableFuture<Map<String, Object>> query =
            server.rpc.callTool(
                "mqtt_query",
                Map.of("request_topic", "svc/req", "payload", "ping", "timeout_seconds", 120));
        long id = server.rpc.lastRequestId();
        assertTrue(requested.await(30, TimeUnit.SECONDS), "the request was published");
        server.rpc.cancel(id);
        assertEquals("cancelled", pollOutcome("mqtt_query"));
        assertLaterKicksRunAndAreAudited(server.rpc, "c-1", "c-2");
        assertFalse(query.isDone(), "a cancelled request gets no response");
      }
      responder.disconnect();
    } finally {
      broker.close();
    }
  }

  private Object pollOutcome(String tool) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try {
      while (System.nanoTime() < deadline) {
        for (Map<String, Object> l : lines()) {
          if (tool.equals(l.get("tool")) && "outcome".equals(l.get("phase"))) {
            return l.get("outcome");
          }
        }
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // a poll with a deadline
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return null;
  }

  /** Where in a change the client's cancellation lands. */
  enum Point {
    /** While the intent line is being written: nothing has been sent yet. */
    DURING_INTENT_WRITE,
    /** While EMQX holds the request. */
    AT_EMQX,
    /** While the outcome line is being written. */
    DURING_OUTCOME_WRITE,
    /** After the response was sent: too late, a no-op. */
    AFTER_RESPONSE
  }

  /**
   * Whatever the point, later kicks run and are audited; the cancelled kick has an intent line and
   * an outcome line with one call number, and its {@code emqx_status} is 204 exactly when EMQX
   * answered it.
   */
  @ParameterizedTest
  @EnumSource(Point.class)
  void anyCancellationPoint_auditsTheTruth_andLeavesChangesWorking(Point point) throws Exception {
    try (InProcessStdio server = server(settings())) {
      String target = "held-" + point.name().toLowerCase(java.util.Locale.ROOT);
      if (point == Point.DURING_INTENT_WRITE) {
        pauseNextWrite.set(true);
      }
      CompletableFuture<Map<String, Object>> kick =
          server.rpc.callTool("kick_mqtt_client", Map.of("clientid", target));
      long id = server.rpc.lastRequestId();
      switch (point) {
        case DURING_INTENT_WRITE -> {
          assertTrue(writerPaused.await(30, TimeUnit.SECONDS));
          server.rpc.cancel(id);
          writerGo.countDown();
          emqx.release(target);
        }
        case AT_EMQX -> {
          emqx.awaitArrival(target);
          server.rpc.cancel(id);
          emqx.release(target);
        }
        case DURING_OUTCOME_WRITE -> {
          emqx.awaitArrival(target);
          pauseNextWrite.set(true);
          emqx.release(target);
          assertTrue(writerPaused.await(30, TimeUnit.SECONDS));
          server.rpc.cancel(id);
          writerGo.countDown();
        }
        case AFTER_RESPONSE -> {
          emqx.release(target);
          assertNull(kick.get(30, TimeUnit.SECONDS).get("error"));
          server.rpc.cancel(id);
        }
      }
      Map<String, Object> outcome = outcomeOf(target);
      Map<String, Object> intent = intentOf(target);
      assertEquals(
          outcome.get("call"), intent.get("call"), "intent and outcome share the call number");
      assertEquals(
          emqx.answered().contains(target),
          Integer.valueOf(204).equals(outcome.get("emqx_status")),
          "emqx_status is 204 exactly when EMQX answered: " + outcome);
      String expected =
          switch (point) {
            case DURING_INTENT_WRITE, AT_EMQX -> "cancelled";
            case DURING_OUTCOME_WRITE, AFTER_RESPONSE ->
                "executed"; // decided before the cancel came
          };
      assertEquals(expected, outcome.get("outcome"), outcome.toString());
      assertLaterKicksRunAndAreAudited(server.rpc, "after-1", "after-2");
      assertEquals(List.of(), server.rpc.badLines());
    }
  }
}
