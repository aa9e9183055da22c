package io.emqx.mcp.support;

import com.fasterxml.jackson.core.type.TypeReference;
import io.emqx.mcp.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bare JSON-RPC client over a server's stdin/stdout, for what the SDK client cannot do: many
 * requests in flight at once (its stdio transport has the same sink race as the server's), and a
 * check that every line the server prints is JSON-RPC.
 */
public final class RawRpc implements AutoCloseable {

  private final OutputStream toServer;
  private final Map<Long, CompletableFuture<Map<String, Object>>> pending =
      new ConcurrentHashMap<>();
  private final List<String> badLines = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> unexpected = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> notifications = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  public RawRpc(InputStream fromServer, OutputStream toServer) {
    this.toServer = toServer;
    Thread reader = new Thread(() -> read(fromServer), "raw-rpc-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(InputStream fromServer) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        Map<String, Object> msg;
        try {
          msg = Json.MAPPER.readValue(line, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
          badLines.add(line);
          continue;
        }
        if (!"2.0".equals(msg.get("jsonrpc"))) {
          badLines.add(line);
          continue;
        }
        Object id = msg.get("id");
        CompletableFuture<Map<String, Object>> f =
            id instanceof Number n ? pending.remove(n.longValue()) : null;
        if (f != null) {
          f.complete(msg);
        } else if (msg.containsKey("method") && !msg.containsKey("id")) {
          notifications.add(msg);
        } else if (!msg.containsKey("method")) {
          // A message with a method is the server's own request or notification (a keep-alive ping
          // on a long run under load), never a response: only responses can be unexpected.
          unexpected.add(msg);
        }
      }
    } catch (IOException e) {
      // server closed its stdout
    }
    pending.values().forEach(f -> f.completeExceptionally(new IOException("server closed stdout")));
  }

  /** Sends a request and returns its (future) response. */
  public CompletableFuture<Map<String, Object>> request(String method, Map<String, Object> params) {
    long id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
    pending.put(id, f);
    write(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
    return f;
  }

  /**
   * Sends a request whose params are given as JSON text, exactly as written (a number such as
   * {@code 1e3} or {@code 18446744073709551617} reaches the server as typed); {@code null} leaves
   * params out.
   */
  public CompletableFuture<Map<String, Object>> requestRaw(String method, String paramsJson) {
    long id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
    pending.put(id, f);
    sendLine(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\""
            + method
            + "\""
            + (paramsJson == null ? "" : ",\"params\":" + paramsJson)
            + "}");
    return f;
  }

  public Map<String, Object> call(String method, Map<String, Object> params, Duration timeout)
      throws Exception {
    return request(method, params).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void notify(String method) {
    write(Map.of("jsonrpc", "2.0", "method", method));
  }

  public void notify(String method, Map<String, Object> params) {
    write(Map.of("jsonrpc", "2.0", "method", method, "params", params));
  }

  /** The id of the request sent last (for a cancellation naming it). */
  public long lastRequestId() {
    return ids.get();
  }

  /**
   * {@code notifications/cancelled} for {@code id}, then a ping: when it answers, the cancel was
   * handled.
   */
  public void cancel(long id) throws Exception {
    notify("notifications/cancelled", Map.of("requestId", id, "reason", "test"));
    call("ping", Map.of(), Duration.ofSeconds(20));
  }

  /** initialize + notifications/initialized. */
  public Map<String, Object> initialize() throws Exception {
    Map<String, Object> r =
        call(
            "initialize",
            Map.of(
                "protocolVersion",
                "2025-06-18",
                "capabilities",
                Map.of(),
                "clientInfo",
                Map.of("name", "raw-rpc", "version", "1")),
            Duration.ofSeconds(20));
    notify("notifications/initialized");
    return r;
  }

  public CompletableFuture<Map<String, Object>> callTool(String name, Map<String, Object> args) {
    return request("tools/call", Map.of("name", name, "arguments", args));
  }

  private void write(Map<String, Object> message) {
    try {
      sendLine(Json.MAPPER.writeValueAsString(message));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends one line as it is, valid or not. */
  public void sendLine(String line) {
    writeLine(toServer, line.getBytes(StandardCharsets.UTF_8));
  }

  /** One message and its newline, whole: writers on several threads must not interleave. */
  static void writeLine(OutputStream toServer, byte[] bytes) {
    try {
      synchronized (toServer) {
        toServer.write(bytes);
        toServer.write('\n');
        toServer.flush();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Fires {@code count} {@code get_client} calls for {@code c-0 … c-(count-1)}, at most {@code
   * inFlight} at a time, and returns every answer that is not its own request's: an empty list
   * means each response carried the client ID it was asked for. The fake must echo the ID.
   */
  public List<String> concurrentGetClients(int count, int inFlight) throws Exception {
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(inFlight);
    List<CompletableFuture<Map<String, Object>>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      CompletableFuture<Map<String, Object>> f =
          callTool("get_client", Map.of("clientid", "c-" + i));
      f.whenComplete((r, e) -> slots.release());
      calls.add(f);
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    List<String> mismatches = new java.util.ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      Map<String, Object> structured = structured(calls.get(i).get());
      if (structured == null || !("c-" + i).equals(structured.get("clientid"))) {
        mismatches.add("response " + i + ": " + calls.get(i).get());
      }
    }
    return mismatches;
  }

  /** The server's notifications so far (progress, log messages), in the order they came. */
  public List<Map<String, Object>> notifications() {
    return notifications;
  }

  /**
   * {@link #concurrentGetClients} after {@link #initialize}, failing unless every response is its
   * own request's, none is unknown or repeated, and every message read is JSON-RPC.
   */
  public void assertConcurrentCallsAnswered(int count, int inFlight) throws Exception {
    initialize();
    org.junit.jupiter.api.Assertions.assertEquals(
        List.of(),
        concurrentGetClients(count, inFlight),
        "responses that belong to another request");
    org.junit.jupiter.api.Assertions.assertEquals(
        List.of(), unexpected(), "responses with unknown or repeated ids");
    org.junit.jupiter.api.Assertions.assertEquals(
        List.of(), badLines(), "messages (stdout lines, SSE events) that are not JSON-RPC");
  }

  /** Lines on stdout that were not JSON-RPC 2.0 messages. */
  public List<String> badLines() {
    return badLines;
  }

  /** Responses nobody asked for (wrong or duplicate ids). */
  public List<Map<String, Object>> unexpected() {
    return unexpected;
  }

  /** The structured content of a {@code tools/call} response. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> structured(Map<String, Object> response) {
    Map<String, Object> result = (Map<String, Object>) response.get("result");
    return result == null ? null : (Map<String, Object>) result.get("structuredContent");
  }

  @Override
  public void close() throws IOException {
    toServer.close();
  }
}
