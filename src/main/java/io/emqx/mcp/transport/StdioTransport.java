package io.emqx.mcp.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * MCP over stdin/stdout, one JSON-RPC message per line, replacing the SDK's
 * {@code StdioServerTransportProvider}, which loses responses under concurrent calls: its
 * {@code sendMessage} emits into a unicast sink from whichever thread finished a tool call, and
 * concurrent emissions fail ({@code FAIL_NON_SERIALIZED}, logged as "Failed to enqueue message").
 * Here every message is serialised on its own thread and written under one lock, so concurrent
 * responses leave whole lines in some order and none is dropped.
 *
 * <p>Two more differences: a line that is not JSON-RPC is answered with a JSON-RPC error and the
 * session goes on (the SDK's reader stops for good); and at end of input the calls still running
 * are allowed to finish and answer before the session closes (the SDK drops them). And a third: the
 * client's {@code notifications/cancelled} stops the request it names (the SDK ignores it).
 */
public final class StdioTransport implements McpServerTransportProvider {

  private static final Logger LOG = LoggerFactory.getLogger(StdioTransport.class);
  /** The SDK's limit too: a longer line is refused rather than buffered. */
  static final int MAX_LINE_CHARS = 16 * 1024 * 1024;
  private static final byte[] NEWLINE = {'\n'};
  private static final String CANCELLED = "notifications/cancelled";

  private final McpJsonMapper mapper;
  private final InputStream in;
  private final OutputStream out;
  private final Duration drainTimeout;
  private final Runnable onClosed;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Requests being handled, by id, so that a cancellation can reach them. */
  private final Map<Object, Disposable> running = new ConcurrentHashMap<>();
  private final Object drained = new Object();
  private volatile McpServerSession session;
  /** The id found in the last line that was too long to keep (reader thread only). */
  private Object longLineId;

  /**
   * @param drainTimeout how long to wait at end of input for running calls to answer
   * @param onClosed run once when the session has ended (end of input or a broken output)
   */
  public StdioTransport(McpJsonMapper mapper, InputStream in, OutputStream out, Duration drainTimeout,
      Runnable onClosed) {
    this.mapper = mapper;
    this.in = in;
    this.out = out;
    this.drainTimeout = drainTimeout;
    this.onClosed = onClosed;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory factory) {
    this.session = factory.create(new SessionTransport());
    // Not a daemon: the reader keeps the JVM alive until the client closes stdin.
    Thread reader = new Thread(this::readLoop, "mcp-stdio-reader");
    reader.start();
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    McpServerSession s = session;
    return s == null ? Mono.error(new IllegalStateException("no session yet")) : s.sendNotification(method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    McpServerSession s = session;
    return s == null ? Mono.empty() : s.closeGracefully();
  }

  private void readLoop() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      StringBuilder line = new StringBuilder(1024);
      while (!closed.get()) {
        LineStatus status = readLine(reader, line);
        if (status == LineStatus.EOF) {
          break;
        }
        if (status == LineStatus.TOO_LONG) {
          refuse(Refusal.tooLong(longLineId, MAX_LINE_CHARS));
          continue;
        }
        if (!line.toString().isBlank()) {
          try {
            dispatch(line.toString());
          } catch (RuntimeException e) {
            // One bad message must never end the session: log it and read the next line.
            LOG.warn("could not handle a message: {}", e.toString());
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("stdin failed: {}", e.toString());
    } finally {
      drainAndClose();
    }
  }

  private void dispatch(String line) {
    JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mapper, line);
    } catch (Exception e) {
      Refusal refusal = Refusal.of(mapper, line);
      LOG.warn("answered a line that is no MCP message with {}: {}", refusal.code(), firstLine(e.getMessage()));
      refuse(refusal);
      return;
    }
    if (message instanceof McpSchema.JSONRPCNotification n && CANCELLED.equals(n.method())) {
      cancel(n.params());
      return;
    }
    Object key = message instanceof McpSchema.JSONRPCRequest r ? key(r.id()) : null;
    Disposable.Swap handling = Disposables.swap();
    if (key != null) {
      running.put(key, handling);
    }
    inFlight.incrementAndGet();
    handling.update(session.handle(message)
        .doFinally(signal -> {
          if (key != null) {
            running.remove(key, handling);
          }
          if (inFlight.decrementAndGet() == 0) {
            synchronized (drained) {
              drained.notifyAll();
            }
          }
        })
        .subscribe(null, e -> LOG.warn("handling a message failed: {}", e.toString())));
  }

  /**
   * {@code notifications/cancelled}: the SDK ignores it, so the request's handling is disposed here.
   * That interrupts a tool still running (a watch stops and unsubscribes), and no response is sent, as
   * the protocol asks.
   */
  private void cancel(Object params) {
    Object id = params instanceof java.util.Map<?, ?> map ? map.get("requestId") : null;
    Disposable handling = id == null ? null : running.remove(key(id));
    if (handling != null) {
      LOG.debug("request {} cancelled by the client", id);
      handling.dispose();
    }
  }

  /** Ids compare by value: 7 read as an Integer and as a Long are the same request. */
  private static Object key(Object id) {
    return id instanceof Number n ? (Object) n.longValue() : id;
  }

  private void drainAndClose() {
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    synchronized (drained) {
      while (inFlight.get() > 0 && System.nanoTime() < deadline) {
        try {
          drained.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (inFlight.get() > 0) {
      LOG.warn("end of input with {} call(s) still running after {}; closing anyway", inFlight.get(), drainTimeout);
    }
    close();
  }

  /** Ends the session once; runs {@code onClosed}. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      McpServerSession s = session;
      if (s != null) {
        s.close();
      }
      onClosed.run();
    }
  }

  private enum LineStatus { LINE, TOO_LONG, EOF }

  /**
   * Reads one line into {@code line} (LF or CRLF); a line past the limit is skipped whole, its
   * top-level id read on the way into {@link #longLineId} so that its refusal reaches the caller.
   */
  private LineStatus readLine(BufferedReader reader, StringBuilder line) throws IOException {
    line.setLength(0);
    Refusal.IdScanner scanner = null;
    longLineId = null;
    int c;
    while ((c = reader.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (scanner != null) {
        scanner.feed((char) c);
        continue;
      }
      if (line.length() >= MAX_LINE_CHARS) {
        scanner = new Refusal.IdScanner(mapper);
        scanner.feed(line);
        scanner.feed((char) c);
        line.setLength(0);
        continue;
      }
      line.append((char) c);
    }
    boolean tooLong = scanner != null;
    if (tooLong) {
      longLineId = scanner.id();
    }
    if (c == '\n') {
      return tooLong ? LineStatus.TOO_LONG : LineStatus.LINE;
    }
    if (tooLong) {
      return LineStatus.TOO_LONG;
    }
    return line.length() == 0 ? LineStatus.EOF : LineStatus.LINE;
  }

  /**
   * Answers a line we could not take, with its id when it had one (the SDK's response record
   * refuses ids such as 1.5 or null, so the refusal writes itself).
   */
  private void refuse(Refusal refusal) {
    try {
      writeLine(refusal.toJson(mapper));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a JSON-RPC error", e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Serialises outside the lock, writes the whole line and flushes under it. */
  private void write(JSONRPCMessage message) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a JSON-RPC message", e);
    }
    writeLine(bytes);
  }

  private void writeLine(byte[] bytes) {
    synchronized (out) {
      try {
        out.write(bytes);
        out.write(NEWLINE);
        out.flush();
      } catch (IOException e) {
        LOG.warn("stdout closed ({}); ending the session", e.toString());
        close();
        throw new IllegalStateException("stdout closed", e);
      }
    }
  }

  private final class SessionTransport implements McpServerTransport {

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
      return Mono.fromRunnable(() -> write(message));
    }

    /**
     * Params as the SDK wants them. The SDK reads {@code initialize}'s params here and uses them
     * without a null check: params that are missing or do not fit are -32602, not a Java message.
     */
    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      T value;
      try {
        value = data == null ? null : mapper.convertValue(data, typeRef);
      } catch (RuntimeException doesNotFit) {
        value = null;
      }
      if (value == null) {
        throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
            .message("Invalid params: " + (data == null ? "the request needs params" : "the params do not fit the request"))
            .build();
      }
      return value;
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.fromRunnable(StdioTransport.this::close);
    }

    @Override
    public void close() {
      StdioTransport.this.close();
    }
  }
}
