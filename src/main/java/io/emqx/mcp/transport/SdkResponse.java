package io.emqx.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import io.emqx.mcp.Json;
import io.emqx.mcp.work.WorkQueue;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The response an SDK servlet writes to, which keeps its error bodies from the client. The SDK
 * answers an error either with {@code sendError} or by serialising its {@code McpError}, stack
 * trace included, as the body; here any status from 400 up is held back, its body captured (only to
 * recognise the SDK's message), and {@link #finish} writes our JSON-RPC error instead. It also
 * notes the {@code Mcp-Session-Id} the SDK hands out.
 */
final class SdkResponse extends HttpServletResponseWrapper {

  private static final int CAPTURE_LIMIT = 16 * 1024;
  static final String SESSION_HEADER = "Mcp-Session-Id";

  private int status = 200;
  private boolean error;
  private String errorMessage;
  private String sessionId;
  private ByteArrayOutputStream captured;
  private PrintWriter writer;

  SdkResponse(HttpServletResponse response) {
    super(response);
  }

  @Override
  public void setStatus(int sc) {
    status = sc;
    if (sc >= 400) {
      error = true;
    } else {
      super.setStatus(sc);
    }
  }

  @Override
  public void sendError(int sc, String msg) {
    status = sc;
    error = true;
    errorMessage = msg;
  }

  @Override
  public void sendError(int sc) {
    sendError(sc, null);
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public void setHeader(String name, String value) {
    noteSession(name, value);
    super.setHeader(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    noteSession(name, value);
    super.addHeader(name, value);
  }

  /**
   * The SDK writes each message it sends (the answer, a notification, an SSE event) here once it
   * has serialised it: from then on the request waits for its client, so it gives up its turn at
   * the CPU ({@link WorkQueue#pause}); a client that does not read never holds a slot.
   */
  @Override
  public PrintWriter getWriter() throws IOException {
    if (error) {
      return new PrintWriter(new OutputStreamWriter(capture(), StandardCharsets.UTF_8));
    }
    if (writer == null) {
      writer = new PrintWriter(new PausingWriter(super.getWriter()));
    }
    return writer;
  }

  /** Pauses the writing thread's turn before anything goes to the client. */
  private static final class PausingWriter extends Writer {
    private final PrintWriter out;

    PausingWriter(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(char[] chars, int off, int len) {
      WorkQueue.pause();
      out.write(chars, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      WorkQueue.pause();
      out.write(str, off, len);
    }

    /**
     * Jetty's writer keeps its failures to itself; a {@link PrintWriter#checkError} here must see
     * them.
     */
    @Override
    public void flush() throws IOException {
      WorkQueue.pause();
      out.flush();
      if (out.checkError()) {
        throw new IOException("the client is gone");
      }
    }

    @Override
    public void close() {
      out.close();
    }
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (!error) {
      return super.getOutputStream();
    }
    ByteArrayOutputStream sink = capture();
    return new ServletOutputStream() {
      @Override
      public void write(int b) {
        if (sink.size() < CAPTURE_LIMIT) {
          sink.write(b);
        }
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {
        throw new IllegalStateException("error bodies are written blocking");
      }
    };
  }

  private ByteArrayOutputStream capture() {
    if (captured == null) {
      captured =
          new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
              super.write(b, off, Math.max(0, Math.min(len, CAPTURE_LIMIT - count)));
            }
          };
    }
    return captured;
  }

  private void noteSession(String name, String value) {
    if (SESSION_HEADER.equalsIgnoreCase(name)) {
      sessionId = value;
    }
  }

  /** The session id the SDK answered with (on a successful initialize), or null. */
  String sessionId() {
    return error ? null : sessionId;
  }

  boolean failed() {
    return error;
  }

  /** Writes our JSON-RPC error in place of the SDK's, when it answered one. */
  void finish(JsonNode requestId) throws IOException {
    if (!error || isCommitted()) {
      return;
    }
    write(
        (HttpServletResponse) getResponse(),
        status,
        HttpErrors.forStatus(
            requestId, status, errorMessage != null ? errorMessage : capturedMessage()));
  }

  /** The {@code message} of a JSON body the SDK wrote, used only to recognise a known phrase. */
  private String capturedMessage() {
    if (captured == null || captured.size() == 0) {
      return null;
    }
    try {
      JsonNode body = Json.MAPPER.readTree(captured.toByteArray());
      return body != null && body.path("message").isTextual()
          ? body.path("message").textValue()
          : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  /** A JSON body on {@code res}, replacing whatever headers of content it had. */
  static void write(HttpServletResponse res, int status, byte[] body) throws IOException {
    res.resetBuffer();
    res.setStatus(status);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.setContentLength(body.length);
    try {
      res.getOutputStream().write(body);
    } catch (IllegalStateException writerTaken) {
      res.getWriter().write(new String(body, StandardCharsets.UTF_8));
    }
  }
}
