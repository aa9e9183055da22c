package io.emqx.mcp.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.emqx.mcp.Json;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a streamable-HTTP request whose stream would carry nothing but its response as one
 * {@code application/json} body instead of an SSE stream.
 *
 * <p>The SDK's servlet opens an SSE stream for every JSON-RPC request: chunked encoding, an event
 * frame, and a body that ends only when the stream closes. Clients pay for that per call; the SDK's
 * own Java client reads such a stream a line at a time, handing each line between threads, which
 * made it spend about 3 ms per call on a loaded 2-core machine against 1 ms for the same call
 * answered as JSON (see the HTTP load benchmark in the README). The specification lets the server
 * choose ("MUST either return Content-Type: text/event-stream … or Content-Type: application/json",
 * transports, 2025-11-25), and clients must accept both: they already send
 * {@code Accept: application/json, text/event-stream}, which the SDK servlet insists on.
 *
 * <p>So the stream is held back until its first event: when that event is the response (which the
 * SDK follows only by closing the stream), it goes out as JSON with a Content-Length; when it is
 * anything else (a progress or log notification, an elicitation the call waits for), the held
 * headers and event are released as the SSE stream the SDK meant, and everything after streams
 * through as before. Only one event is ever
 * held, and at most {@link #MAX_HELD_CHARS} characters of it; a bigger first event streams as SSE.
 * Responses that are not SSE (initialize, 202s, errors) pass untouched.
 */
final class JsonAnswers implements Filter {

  private static final Logger LOG = LoggerFactory.getLogger(JsonAnswers.class);
  /** The largest first event held to be answered as JSON; a bigger one streams as SSE. */
  static final int MAX_HELD_CHARS = 1 << 20;
  private static final String EVENT_STREAM = "text/event-stream";

  private final int maxHeldChars;

  JsonAnswers() {
    this(MAX_HELD_CHARS);
  }

  /** With another bound on the held event, for tests. */
  JsonAnswers(int maxHeldChars) {
    this.maxHeldChars = maxHeldChars;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    if (!"POST".equals(req.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    HeldStream held = new HeldStream((HttpServletResponse) response, maxHeldChars);
    chain.doFilter(new AsyncAware(req, held), held);
  }

  /**
   * Whether an SSE event's data is a JSON-RPC response: an object with {@code result} or
   * {@code error} before any {@code method}. Reads top-level names only and stops at the first of
   * those, so a large result is not parsed (the SDK writes {@code id} and then {@code result}).
   */
  static boolean isResponse(String json) {
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        if (name.equals("method")) {
          return false;
        }
        if (name.equals("result") || name.equals("error")) {
          return true;
        }
        p.nextToken();
        p.skipChildren();
      }
      return false;
    } catch (IOException notJson) {
      return false;
    }
  }

  /**
   * The data of the only event in {@code text} (lines {@code data: …}, joined by newlines as SSE
   * does), or null when {@code text} is not exactly one complete event.
   */
  static String onlyEventData(String text) {
    int end = text.indexOf("\n\n");
    if (end < 0 || end + 2 != text.length()) {
      return null;
    }
    StringBuilder data = null;
    for (String line : text.substring(0, end).split("\n", -1)) {
      if (line.startsWith("data:")) {
        String value = line.substring(line.startsWith("data: ") ? 6 : 5);
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return data == null ? null : data.toString();
  }

  /** The response as the SDK servlet sees it: an SSE stream held back until its first event. */
  private static final class HeldStream extends HttpServletResponseWrapper {
    private enum State { PASSING, HOLDING, STREAMING, ANSWERED }

    private final HttpServletResponse response;
    private final int maxHeldChars;
    private final StringBuilder held = new StringBuilder();
    private State state = State.PASSING;
    private PrintWriter writer;

    HeldStream(HttpServletResponse response, int maxHeldChars) {
      super(response);
      this.response = response;
      this.maxHeldChars = maxHeldChars;
    }

    @Override
    public synchronized void setContentType(String type) {
      if (state == State.PASSING && type != null && type.startsWith(EVENT_STREAM) && !response.isCommitted()) {
        state = State.HOLDING;  // decided at the first event
      } else {
        super.setContentType(type);
      }
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
      if (state == State.PASSING) {
        return super.getWriter();
      }
      if (writer == null) {
        writer = new PrintWriter(new Writer() {
          @Override
          public void write(char[] chars, int off, int len) throws IOException {
            HeldStream.this.append(chars, off, len);
          }

          @Override
          public void flush() throws IOException {
            HeldStream.this.flush();
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        });
      }
      return writer;
    }

    private synchronized void append(char[] chars, int off, int len) throws IOException {
      switch (state) {
        case HOLDING -> {
          held.append(chars, off, len);
          if (held.length() > maxHeldChars) {
            stream();
          }
        }
        case STREAMING -> response.getWriter().write(chars, off, len);
        // The response ends a request's stream: the SDK sends it, then closes the stream. A message
        // that still raced in (a progress notification from another thread) could only follow the
        // response, which the client has already taken as the end of the call; progress after
        // completion is not allowed anyway. Dropped, as the SDK drops it once the stream is closed.
        case ANSWERED -> LOG.debug("dropped a message written after the answer to its request");
        case PASSING -> throw new IllegalStateException("not holding");
      }
    }

    /** The SDK flushes after each event: the moment to decide. */
    private synchronized void flush() throws IOException {
      if (state == State.HOLDING) {
        String data = onlyEventData(held.toString());
        if (data != null && isResponse(data)) {
          answer(data);
          return;
        }
        stream();
      }
      if (state == State.STREAMING) {
        response.getWriter().flush();
      }
    }

    private void answer(String json) throws IOException {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      state = State.ANSWERED;
      held.setLength(0);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.flushBuffer();
    }

    /** Releases the stream as the SDK meant it: SSE, the held text first. */
    private void stream() throws IOException {
      state = State.STREAMING;
      response.setContentType(EVENT_STREAM);
      PrintWriter out = response.getWriter();
      out.append(held);
      held.setLength(0);
      out.flush();
      if (out.checkError()) {
        throw new IOException("the client has gone");
      }
    }

    /** The stream ends: if nothing was decided (no event at all), it ends as the SSE stream it was. */
    synchronized void completing() {
      if (state == State.HOLDING) {
        try {
          stream();
        } catch (IOException gone) {
          // completing anyway; the client has gone
        }
      }
    }
  }

  /** The request as the SDK servlet sees it: its async context tells the held stream when it ends. */
  private static final class AsyncAware extends HttpServletRequestWrapper {
    private final HeldStream held;
    private AsyncContext context;

    AsyncAware(HttpServletRequest request, HeldStream held) {
      super(request);
      this.held = held;
    }

    @Override
    public synchronized AsyncContext startAsync() {
      context = new Completing(super.startAsync(), held);
      return context;
    }

    @Override
    public synchronized AsyncContext getAsyncContext() {
      return context != null ? context : super.getAsyncContext();
    }
  }

  /** An async context whose completion first settles a held stream. */
  private record Completing(AsyncContext context, HeldStream held) implements AsyncContext {
    @Override
    public void complete() {
      held.completing();
      context.complete();
    }

    @Override
    public ServletRequest getRequest() {
      return context.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
      return context.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
      return context.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
      context.dispatch();
    }

    @Override
    public void dispatch(String path) {
      context.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext servletContext, String path) {
      context.dispatch(servletContext, path);
    }

    @Override
    public void start(Runnable run) {
      context.start(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
      context.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
      context.addListener(listener, request, response);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
      return context.createListener(type);
    }

    @Override
    public void setTimeout(long timeout) {
      context.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
      return context.getTimeout();
    }
  }
}
