package io.emqx.mcp.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * EMQX's kick endpoint ({@code DELETE /api/v5/clients/{clientid}} → 204, as in EMQX 5.8.9's {@code
 * emqx_mgmt_api_clients}) and a client record ({@code GET}, the fields tools rely on), with a gate:
 * a request for a client whose ID starts with {@code held-} is answered only when the test {@link
 * #release}s it, so a test can act while the request is at EMQX without sleeping. {@link #arrived}
 * says when it got there.
 */
public final class GateEmqx implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "gate-emqx");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, CountDownLatch> arrived = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> released = new ConcurrentHashMap<>();
  private final List<String> answered = new CopyOnWriteArrayList<>();

  public GateEmqx() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(pool);
    server.createContext(
        "/api/v5/clients/",
        exchange -> {
          String id =
              URLDecoder.decode(
                  exchange.getRequestURI().getRawPath().substring("/api/v5/clients/".length()),
                  StandardCharsets.UTF_8);
          boolean read = exchange.getRequestMethod().equals("GET");
          if (!read && !exchange.getRequestMethod().equals("DELETE")) {
            exchange.sendResponseHeaders(405, -1);
            exchange.close();
            return;
          }
          if (id.startsWith("held-")) {
            arrivedLatch(id).countDown();
            try {
              if (!releasedLatch(id).await(60, TimeUnit.SECONDS)) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              exchange.close();
              return;
            }
          }
          answered.add(id);
          if (read) {
            // The fields of EMQX 5.8.9's client record that get_client relies on
            // (emqx_mgmt_api_clients).
            byte[] body =
                ("{\"clientid\":\""
                        + id
                        + "\",\"connected\":true,\"node\":\"emqx@127.0.0.1\","
                        + "\"username\":null}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          } else {
            exchange.sendResponseHeaders(204, -1);
          }
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private CountDownLatch arrivedLatch(String id) {
    return arrived.computeIfAbsent(id, k -> new CountDownLatch(1));
  }

  private CountDownLatch releasedLatch(String id) {
    return released.computeIfAbsent(id, k -> new CountDownLatch(1));
  }

  /** Waits until the kick of {@code id} reached EMQX. */
  public void awaitArrival(String id) throws InterruptedException {
    if (!arrivedLatch(id).await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the kick of " + id + " never reached EMQX");
    }
  }

  public boolean arrived(String id) {
    return arrivedLatch(id).getCount() == 0;
  }

  /** Lets EMQX answer the held kick of {@code id} (204). */
  public void release(String id) {
    releasedLatch(id).countDown();
  }

  /** Client IDs whose kick EMQX answered with 204, in order. */
  public List<String> answered() {
    return answered;
  }

  @Override
  public void close() {
    released.values().forEach(CountDownLatch::countDown);
    server.stop(0);
    pool.shutdownNow();
  }
}
