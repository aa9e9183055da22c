package io.emqx.mcp.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@link RawRpc} over MCP's HTTP transports, so that the stdio tests' many-calls-in-flight check
 * runs unchanged over HTTP: each line RawRpc writes is POSTed on its own (concurrently), and every
 * JSON-RPC message the server sends back, in a POST's answer (streamable) or on the event stream
 * (legacy SSE), becomes a line RawRpc reads. Answers that are not 2xx are kept in {@link
 * #httpErrors()}.
 */
public final class HttpLines implements AutoCloseable {

  public final RawRpc rpc;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final OutputStream toReader;
  private final List<String> httpErrors = new CopyOnWriteArrayList<>();
  private final String token;
  private final boolean sse;
  private volatile URI postTo;
  private volatile String sessionId;
  private volatile Stream<String> events;

  private HttpLines(URI postTo, String token, boolean sse) throws IOException {
    this.postTo = postTo;
    this.token = token;
    this.sse = sse;
    BytePipe pipe = new BytePipe();
    this.toReader = pipe.out;
    this.rpc = new RawRpc(pipe.in, new LinePoster());
  }

  /** Streamable HTTP at {@code base/mcp}; {@code token} may be null. */
  public static HttpLines streamable(URI base, String token) throws IOException {
    return new HttpLines(base.resolve("/mcp"), token, false);
  }

  /** Legacy HTTP+SSE: opens {@code base/sse} and waits for the endpoint to post to. */
  public static HttpLines sse(URI base, String token) throws Exception {
    HttpLines lines = new HttpLines(null, token, true);
    CompletableFuture<URI> endpoint = new CompletableFuture<>();
    HttpResponse<Stream<String>> stream =
        lines.http.send(
            lines.request(base.resolve("/sse")).header("Accept", "text/event-stream").GET().build(),
            HttpResponse.BodyHandlers.ofLines());
    if (stream.statusCode() != 200) {
      throw new IOException("GET /sse answered " + stream.statusCode());
    }
    lines.events = stream.body();
    Thread reader = new Thread(() -> lines.readEvents(stream.body(), base, endpoint), "sse-events");
    reader.setDaemon(true);
    reader.start();
    lines.postTo = endpoint.get(10, TimeUnit.SECONDS);
    return lines;
  }

  /** Where messages go: the streamable endpoint, or the legacy session's {@code /message} URL. */
  public URI endpoint() {
    return postTo;
  }

  public List<String> httpErrors() {
    return httpErrors;
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private void post(String line) {
    HttpRequest.Builder b =
        request(postTo)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(line));
    if (sessionId != null) {
      b.header("Mcp-Session-Id", sessionId);
    }
    CompletableFuture<HttpResponse<String>> sent =
        http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    if (line.contains("\"initialize\"")) {
      // The session id comes with initialize's answer; later requests need it.
      sent.join().headers().firstValue("Mcp-Session-Id").ifPresent(id -> sessionId = id);
    }
    sent.whenComplete(
        (response, failure) -> {
          if (failure != null) {
            httpErrors.add(failure.toString());
          } else if (response.statusCode() / 100 != 2) {
            httpErrors.add(response.statusCode() + " " + response.body());
          } else if (!sse) {
            boolean eventStream =
                response
                    .headers()
                    .firstValue("Content-Type")
                    .orElse("")
                    .startsWith("text/event-stream");
            if (eventStream) {
              dataOf(response.body().lines()).forEach(this::deliver);
            } else if (!response.body().isBlank()) {
              deliver(response.body());
            }
          }
        });
  }

  private void readEvents(Stream<String> lines, URI base, CompletableFuture<URI> endpoint) {
    String event = "message";
    StringBuilder data = new StringBuilder();
    try {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).trim());
        } else if (line.isEmpty() && data.length() > 0) {
          if (event.equals("endpoint")) {
            endpoint.complete(base.resolve(data.toString()));
          } else {
            deliver(data.toString());
          }
          event = "message";
          data.setLength(0);
        }
      }
    } catch (UncheckedIOException closed) {
      // the stream ended: the server closed it, or we did
    }
  }

  /** The {@code data} of each event in an SSE body (one line each, as the SDK writes them). */
  private static List<String> dataOf(Stream<String> lines) {
    return lines.filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim()).toList();
  }

  private void deliver(String json) {
    byte[] bytes = (json.replace("\n", " ") + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (toReader) {
      try {
        toReader.write(bytes);
      } catch (IOException e) {
        httpErrors.add("pipe: " + e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    Stream<String> s = events;
    if (s != null) {
      s.close();
    }
    toReader.close();
  }

  /** What RawRpc writes to: each complete line goes out as one POST. */
  private final class LinePoster extends OutputStream {
    private final StringBuilder line = new StringBuilder();

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      String s = new String(b, off, len, StandardCharsets.UTF_8);
      for (char c : s.toCharArray()) {
        if (c == '\n') {
          post(line.toString());
          line.setLength(0);
        } else {
          line.append(c);
        }
      }
    }
  }
}
