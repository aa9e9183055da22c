package io.emqx.mcp.transport;

import io.emqx.mcp.server.ModernServer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
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
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * MCP over stdin/stdout, one JSON-RPC message per line, replacing the SDK's {@code
 * StdioServerTransportProvider}, which loses responses under concurrent calls: its {@code
 * sendMessage} emits into a unicast sink from whichever thread finished a tool call, and concurrent
 * emissions fail ({@code FAIL_NON_SERIALIZED}, logged as "Failed to enqueue message"). Here every
 * message is serialised on the thread that sends it and handed to one writer thread, which writes
 * whole lines in the order handed over, so concurrent responses never interleave and none is
 * dropped.
 *
 * <p>Only that writer thread, which nothing interrupts, ever touches the output. Tool calls run on
 * Reactor threads that a cancellation interrupts; an interruptible stream (a {@code Channels}
 * stream over a pipe or socket, as an embedding application or a test may hand us) written from
 * such a thread is closed for good with {@code ClosedByInterruptException}, which ended the whole
 * session. Writing from a thread of our own removes that class whatever stream we are given.
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

  /**
   * Lines waiting for the writer at most; a sender finding it full waits (a client not reading
   * stdout).
   */
  private static final int OUTBOX = 1024;

  /**
   * How long a sender waits for room in the outbox before it gives up on a client that does not
   * read.
   */
  private static final long OUTBOX_WAIT_MS = 60_000;

  private static final byte[] STOP = new byte[0];

  /**
   * Requests answered on the reader thread, in the order they came: quick ones, and initialize,
   * whose client capabilities the SDK records for the notifications/initialized on the next line.
   * Every other request (a tool call, a resource read, a prompt, a completion: they may wait for
   * EMQX) runs on a Reactor thread, so that it never holds up the reader nor a cancellation of it.
   * The server executes immediately (McpServerFactory), so that is each request's one thread:
   * tools/list's filter answers on this thread, never racing the list (see there).
   */
  private static final Set<String> ON_READER =
      Set.of(
          "initialize",
          "ping",
          "logging/setLevel",
          "tools/list",
          "resources/list",
          "resources/templates/list",
          "prompts/list");

  private final McpJsonMapper mapper;
  private final InputStream in;
  private final OutputStream out;
  private final Duration drainTimeout;
  private final Runnable onClosed;

  /** The 2026-07-28 server, or null to speak the legacy revisions only. */
  private final McpRequestManager modern;

  /** The connection's era, fixed by its first request (reader thread only). */
  private Era era;

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Requests being handled, by id, so that a cancellation can reach them. */
  private final Map<Object, Disposable> running = new ConcurrentHashMap<>();

  private final Object drained = new Object();
  private final BlockingQueue<byte[]> outbox = new ArrayBlockingQueue<>(OUTBOX);
  private final Thread writer = new Thread(this::writeLoop, "mcp-stdio-writer");
  private volatile boolean broken;
  private volatile McpServerSession session;

  /** The id found in the last line that was too long to keep (reader thread only). */
  private Object longLineId;

  /**
   * @param drainTimeout how long to wait at end of input for running calls to answer
   * @param onClosed run once when the session has ended (end of input or a broken output)
   */
  public StdioTransport(
      McpJsonMapper mapper,
      InputStream in,
      OutputStream out,
      Duration drainTimeout,
      Runnable onClosed) {
    this(mapper, in, out, drainTimeout, onClosed, null);
  }

  /**
   * A dual-era transport: a connection whose first request carries the 2026-07-28 {@code _meta} (a
   * modern client's {@code server/discover} probe, or any request) is served by {@code modern} for
   * its whole life; one that opens with {@code initialize} (or anything else) by the legacy
   * session, as the 2026-07-28 versioning page's backward-compatibility section has it.
   */
  public StdioTransport(
      McpJsonMapper mapper,
      InputStream in,
      OutputStream out,
      Duration drainTimeout,
      Runnable onClosed,
      McpRequestManager modern) {
    this.modern = modern;
    this.mapper = mapper;
    this.in = in;
    this.out = out;
    this.drainTimeout = drainTimeout;
    this.onClosed = onClosed;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory factory) {
    this.session = factory.create(new SessionTransport());
    writer.setDaemon(true);
    writer.start();
    // Not a daemon: the reader keeps the JVM alive until the client closes stdin.
    Thread reader = new Thread(this::readLoop, "mcp-stdio-reader");
    reader.start();
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    McpServerSession s = session;
    return s == null
        ? Mono.error(new IllegalStateException("no session yet"))
        : s.sendNotification(method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    McpServerSession s = session;
    return s == null ? Mono.empty() : s.closeGracefully();
  }

  private void readLoop() {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
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

  private enum Era {
    LEGACY,
    MODERN
  }

  private void dispatch(String line) {
    if (era == Era.MODERN) {
      dispatchModern(line);
      return;
    }
    JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mapper, line);
    } catch (Exception e) {
      Refusal refusal = Refusal.of(mapper, line);
      LOG.warn(
          "answered a line that is no MCP message with {}: {}",
          refusal.code(),
          firstLine(e.getMessage()));
      refuse(refusal);
      return;
    }
    if (era == null && message instanceof McpSchema.JSONRPCRequest first) {
      // initialize always opens the legacy era; a modern client never sends it.
      era =
          modern != null
                  && !"initialize".equals(first.method())
                  && ModernServer.claimsModern(first.params())
              ? Era.MODERN
              : Era.LEGACY;
      if (era == Era.MODERN) {
        LOG.debug(
            "the client speaks MCP {} (first request: {})", ModernServer.VERSION, first.method());
        dispatchModern(line);
        return;
      }
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
    Mono<Void> handled = session.handle(message);
    if (message instanceof McpSchema.JSONRPCRequest r && !ON_READER.contains(r.method())) {
      handled = handled.subscribeOn(Schedulers.boundedElastic());
    }
    inFlight.incrementAndGet();
    handling.update(
        handled
            .doFinally(
                signal -> {
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
   * A line of a 2026-07-28 connection: each request answered by the modern server, on its own
   * subscription (so that {@code notifications/cancelled} reaches it like a legacy one), its
   * messages written as they come: progress notifications, then the response.
   */
  private void dispatchModern(String line) {
    JsonRpc.JSONRPCMessage message;
    try {
      message = JsonRpc.deserializeMessage(mapper, line);
    } catch (IOException | RuntimeException e) {
      refuse(Refusal.of(mapper, line));
      return;
    }
    if (message instanceof JsonRpc.JSONRPCNotification n) {
      if (CANCELLED.equals(n.method())) {
        cancel(n.params());
      }
      return; // the revision defines no other notification from the client
    }
    if (!(message instanceof JsonRpc.JSONRPCRequest request)) {
      return; // a response: the modern server sends no requests to answer
    }
    Object key = key(request.id());
    Disposable.Swap handling = Disposables.swap();
    running.put(key, handling);
    inFlight.incrementAndGet();
    handling.update(
        modern
            .handle(McpTransportContext.EMPTY, request)
            .flatMapMany(
                response ->
                    response instanceof McpTransportResponse.Streaming stream
                        ? stream.messages()
                        : Flux.just(
                            response instanceof McpTransportResponse.Result r
                                ? r.response()
                                : ((McpTransportResponse.Error) response).response()))
            .doFinally(
                signal -> {
                  running.remove(key, handling);
                  if (inFlight.decrementAndGet() == 0) {
                    synchronized (drained) {
                      drained.notifyAll();
                    }
                  }
                })
            .subscribe(
                this::writeModern, e -> LOG.warn("handling a request failed: {}", e.toString())));
  }

  private void writeModern(JsonRpc.JSONRPCMessage message) {
    try {
      writeLine(mapper.writeValueAsBytes(message));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a JSON-RPC message", e);
    }
  }

  /**
   * {@code notifications/cancelled}: the SDK ignores it, so the request's handling is disposed
   * here. That interrupts a tool still running (a watch stops and unsubscribes), and no response is
   * sent, as the protocol asks. The interrupt reaches only the tool's own thread: the output and
   * the audit log are written by threads of their own, which a cancellation never touches.
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
      LOG.warn(
          "end of input with {} call(s) still running after {}; closing anyway",
          inFlight.get(),
          drainTimeout);
    }
    close();
  }

  /**
   * Ends the session once, after the lines already handed over are written; runs {@code onClosed}.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stopWriter();
      McpServerSession s = session;
      if (s != null) {
        s.close();
      }
      onClosed.run();
    }
  }

  private enum LineStatus {
    LINE,
    TOO_LONG,
    EOF
  }

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

  /**
   * Hands a whole line to the writer. The wait for room ignores the sender's interrupt (restoring
   * it after): a cancelled call's thread may still send, and its interrupt must not decide anything
   * here.
   */
  private void writeLine(byte[] bytes) {
    byte[] line = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, line, 0, bytes.length);
    line[bytes.length] = NEWLINE[0];
    boolean interrupted = false;
    long deadline = System.nanoTime() + OUTBOX_WAIT_MS * 1_000_000L;
    try {
      while (true) {
        if (broken || closed.get()) {
          throw new IllegalStateException("stdout closed");
        }
        try {
          if (outbox.offer(line, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return;
          }
          LOG.warn(
              "the client has not read stdout for {} ms; dropping a message and ending the session",
              OUTBOX_WAIT_MS);
          broken = true;
          close();
          throw new IllegalStateException("stdout is not being read");
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The only code that writes to {@code out}: takes lines in order, flushes when none are waiting.
   */
  private void writeLoop() {
    try {
      while (true) {
        byte[] line;
        try {
          line = outbox.take();
        } catch (InterruptedException e) {
          return; // nothing of ours interrupts this thread
        }
        if (line == STOP) {
          out.flush();
          return;
        }
        out.write(line);
        if (outbox.isEmpty()) {
          out.flush();
        }
      }
    } catch (IOException e) {
      LOG.warn("stdout closed ({}); ending the session", e.toString());
      broken = true;
      outbox.clear();
      close();
    }
  }

  /** Lets the writer finish what was handed over (bounded), unless this is the writer itself. */
  private void stopWriter() {
    if (Thread.currentThread() == writer || !writer.isAlive()) {
      return;
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + 5_000_000_000L;
    try {
      try {
        if (!outbox.offer(STOP, 5, TimeUnit.SECONDS)) {
          outbox.clear(); // the client stopped reading: what is left cannot be delivered anyway
          outbox.offer(STOP);
        }
      } catch (InterruptedException e) {
        interrupted = true;
        outbox.clear();
        outbox.offer(STOP);
      }
      while (writer.isAlive() && System.nanoTime() < deadline) {
        try {
          writer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
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
            .message(
                "Invalid params: "
                    + (data == null
                        ? "the request needs params"
                        : "the params do not fit the request"))
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
