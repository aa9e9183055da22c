package io.emqx.mcp.transport;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What every request meets first, at Jetty's level, before any servlet, filter or error page: its
 * method must be one the path serves (405 with {@code Allow} otherwise, so TRACE never echoes a
 * request's credentials), and a POST's body is read in full, without holding a thread while it
 * arrives, within {@code mcp.http.request-body-timeout} (408 and the connection closed otherwise).
 * Only then does the request go on, with its body in memory, so that the SDK's servlets, which read
 * bodies blocking, never wait on a slow sender.
 */
final class FrontDoor extends Handler.Wrapper {

  /**
   * The request attribute holding a POST's whole body (a byte[]), so that nobody copies it again.
   */
  static final String BODY = FrontDoor.class.getName() + ".body";

  /** The methods each path serves; any other path answers 404 to these and 405 to the rest. */
  private static final Map<String, Set<String>> SERVED =
      Map.of(
          "/mcp",
          Set.of("GET", "POST", "DELETE"),
          "/sse",
          Set.of("GET"),
          "/message",
          Set.of("POST"),
          "/healthz",
          Set.of("GET", "HEAD"),
          ProtectedResource.PATH,
          Set.of("GET"),
          ProtectedResource.PATH + "/mcp",
          Set.of("GET"));

  private static final Set<String> ANY_PATH = Set.of("GET", "HEAD", "POST", "DELETE");
  private static final Map<String, String> ALLOW =
      Map.of(
          "/mcp",
          "GET, POST, DELETE",
          "/sse",
          "GET",
          "/message",
          "POST",
          "/healthz",
          "GET, HEAD",
          ProtectedResource.PATH,
          "GET",
          ProtectedResource.PATH + "/mcp",
          "GET");

  private final int maxBodyBytes;
  private final Duration bodyTimeout;

  FrontDoor(Handler next, int maxBodyBytes, Duration bodyTimeout) {
    super(next);
    this.maxBodyBytes = maxBodyBytes;
    this.bodyTimeout = bodyTimeout;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getCanonicalPath();
    String method = request.getMethod();
    Set<String> served = path == null ? null : SERVED.get(path);
    if (!(served == null ? ANY_PATH : served).contains(method)) {
      response
          .getHeaders()
          .put(HttpHeader.ALLOW, served == null ? "GET, HEAD, POST, DELETE" : ALLOW.get(path));
      refuse(response, callback, 405, false);
      return true;
    }
    if (!HttpMethod.POST.is(method)) {
      return super.handle(request, response, callback);
    }
    if (request.getLength() > maxBodyBytes) {
      refuse(response, callback, 413, true);
      return true;
    }
    new BodyRead(request, response, callback).start();
    return true;
  }

  /**
   * A JSON-RPC error (id unknown at this level) and, when asked, the connection closed after it.
   */
  static void refuse(Response response, Callback callback, int status, boolean close) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if (close) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.write(true, ByteBuffer.wrap(HttpErrors.forStatus(null, status, null)), callback);
  }

  /** One POST body on its way in: read as it arrives, driven by Jetty's demand callbacks. */
  private final class BodyRead implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private byte[] body;
    private int size;
    private final AtomicBoolean done = new AtomicBoolean();
    private Scheduler.Task timer;

    BodyRead(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      long length = request.getLength();
      this.body = new byte[length >= 0 ? (int) length : 1024];
    }

    /**
     * Reads what came with the headers; only a body that is not all there yet gets a timer (most
     * arrive whole in the headers' packet, and a timer scheduled and cancelled for each of them
     * woke Jetty's scheduler thread for every request).
     */
    void start() {
      run();
    }

    /** Reads what has arrived; asks to be called again when more does. */
    @Override
    public void run() {
      while (!done.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          synchronized (this) {
            if (timer == null && !done.get()) {
              timer = request.getComponents().getScheduler().schedule(this::expire, bodyTimeout);
            }
          }
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          // The connection failed or idled out: nobody to answer.
          if (finish()) {
            callback.failed(chunk.getFailure());
          }
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        boolean tooLarge = size + bytes.remaining() > maxBodyBytes;
        if (!tooLarge) {
          if (size + bytes.remaining() > body.length) {
            body =
                Arrays.copyOf(
                    body,
                    Math.min(maxBodyBytes, Math.max(body.length * 2, size + bytes.remaining())));
          }
          int n = bytes.remaining();
          bytes.get(body, size, n);
          size += n;
        }
        boolean last = chunk.isLast();
        chunk.release();
        if (tooLarge) {
          if (finish()) {
            refuse(response, callback, 413, true);
          }
          return;
        }
        if (last) {
          if (finish()) {
            forward();
          }
          return;
        }
      }
    }

    private void expire() {
      if (finish()) {
        refuse(response, callback, 408, true);
      }
    }

    /** True for whoever ends the read first: the last chunk, a failure, too large, or the timer. */
    private boolean finish() {
      if (!done.compareAndSet(false, true)) {
        return false;
      }
      Scheduler.Task armed;
      synchronized (this) {
        armed = timer;
      }
      if (armed != null) {
        armed.cancel();
      }
      return true;
    }

    private void forward() {
      Request buffered =
          new Buffered(request, size == body.length ? body : Arrays.copyOf(body, size));
      buffered.setAttribute(BODY, ((Buffered) buffered).body);
      try {
        if (!FrontDoor.super.handle(buffered, response, callback)) {
          Response.writeError(buffered, response, callback, 404);
        }
      } catch (Throwable t) {
        Response.writeError(buffered, response, callback, t);
      }
    }
  }

  /** The request with its whole body already read: one chunk, then the end. */
  private static final class Buffered extends Request.Wrapper {
    private final byte[] body;
    private boolean read;

    Buffered(Request request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public long getLength() {
      return body.length;
    }

    @Override
    public synchronized Content.Chunk read() {
      if (read) {
        return Content.Chunk.EOF;
      }
      read = true;
      return Content.Chunk.from(ByteBuffer.wrap(body), true);
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run(); // everything is here: a read now returns content or the end
    }

    @Override
    public boolean consumeAvailable() {
      synchronized (this) {
        read = true;
      }
      return true;
    }

    @Override
    public void fail(Throwable failure) {
      consumeAvailable();
    }
  }
}
