package io.emqx.mcp.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.ArrayList;
import java.util.List;

/**
 * The response an SDK servlet writes to, which keeps its error bodies from the client. The SDK
 * answers an error either with {@code sendError} or by serialising its {@code McpError}, stack
 * trace included, as the body; here any status from 400 up is held back, its body captured (only to
 * recognise the SDK's message), and {@link #finish} writes our JSON-RPC error instead. It also
 * notes the {@code Mcp-Session-Id} the SDK hands out.
 *
 * <p>And it answers a lone request with {@code application/json} when it can ({@link
 * #answerAsJson}): the SDK opens an SSE stream for every POSTed request (headers flushed, then each
 * message its own write, then the stream's end), which is three writes to the socket and chunked
 * framing for what is nearly always one message, the answer. The streamable transport lets a server
 * answer a request with either (both are in the Accept header the SDK insists on), so the stream's
 * headers are held back until the SDK writes its first message: if that message is the answer to
 * the request, it goes out alone as a JSON body with its length, in one write; anything else first
 * (a progress or log notification, an elicitation the call waits for) opens the stream as the SDK
 * asked, with no delay to that message.
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

  /**
   * Beyond this many characters of a first message, the stream opens as SSE rather than buffer it:
   * a large answer goes out as it is written, as before, instead of being held twice in memory.
   */
  static final int JSON_ANSWER_LIMIT = 256 * 1024;

  /** The request id a lone request's answer carries; null: answer as the SDK writes. */
  private JsonNode answering;

  /** How the SDK's SSE stream goes out, once it has asked for one while {@link #answering}. */
  private enum Framing {
    /** The SDK asked for SSE; its headers and its writes are held until the first flush. */
    HELD,
    /** Opened as the SDK asked: held headers set, writes go through. */
    SSE,
    /** The answer went out as one {@code application/json} body; the stream is over. */
    JSON
  }

  private Framing framing;

  /** Headers the SDK set for its stream while held, applied if the stream opens. */
  private final List<String[]> heldHeaders = new ArrayList<>(2);

  /** What the SDK wrote while held: the pieces as it wrote them (usually the SSE event's lines). */
  private final List<String> held = new ArrayList<>(4);

  private int heldChars;

  SdkResponse(HttpServletResponse response) {
    super(response);
  }

  /**
   * Answers a POSTed request as {@code application/json} if the SDK's first message on its stream
   * is that request's answer (see the class comment).
   */
  void answerAsJson(JsonNode requestId) {
    this.answering = requestId;
  }

  @Override
  public void setContentType(String type) {
    if (answering != null
        && framing == null
        && !error
        && type != null
        && type.startsWith("text/event-stream")) {
      framing = Framing.HELD;
      return;
    }
    super.setContentType(type);
  }

  @Override
  public void flushBuffer() throws IOException {
    if (framing == Framing.HELD) {
      return; // the stream's headers wait for its first message
    }
    super.flushBuffer();
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
    if (framing == Framing.HELD) {
      heldHeaders.add(new String[] {name, value});
      return;
    }
    super.setHeader(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    noteSession(name, value);
    if (framing == Framing.HELD) {
      heldHeaders.add(new String[] {name, value});
      return;
    }
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
      writer = new PrintWriter(new PausingWriter());
    }
    return writer;
  }

  /**
   * Pauses the writing thread's turn before anything goes to the client; holds what the SDK writes
   * while its stream is held. Jetty's writer is taken only when something goes through it, so that
   * a JSON answer can use the output stream instead.
   */
  private final class PausingWriter extends Writer {
    private PrintWriter out;

    private PrintWriter out() throws IOException {
      if (out == null) {
        out = SdkResponse.super.getWriter();
      }
      return out;
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
      write(new String(chars, off, len), 0, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      if (framing == Framing.HELD) {
        // PrintWriter hands its caller's String on whole: keep it, not a copy.
        held.add(off == 0 && len == str.length() ? str : str.substring(off, off + len));
        heldChars += len;
        if (heldChars > JSON_ANSWER_LIMIT) {
          openStream();
        }
        return;
      }
      if (framing == Framing.JSON) {
        return; // the answer has gone out as JSON: nothing can follow it (never seen from the SDK)
      }
      WorkQueue.pause();
      out().write(str, off, len);
    }

    /**
     * Jetty's writer keeps its failures to itself; a {@link PrintWriter#checkError} here must see
     * them.
     */
    @Override
    public void flush() throws IOException {
      if (framing == Framing.HELD && !answerAsJson()) {
        openStream();
      }
      if (framing == Framing.JSON) {
        return;
      }
      WorkQueue.pause();
      out().flush();
      if (out().checkError()) {
        throw new IOException("the client is gone");
      }
    }

    @Override
    public void close() throws IOException {
      if (framing != Framing.JSON) {
        out().close();
      }
    }
  }

  /**
   * If what was held is one SSE event whose data is the answer to {@link #answering}, sends that
   * data as the whole {@code application/json} body, in one write, and returns true.
   */
  private boolean answerAsJson() throws IOException {
    if (!soleEvent()) {
      return false;
    }
    // "data: " and "\n\n" are one byte a character: the message is the bytes between them.
    byte[] event = held.get(held.size() - 1).getBytes(StandardCharsets.UTF_8);
    int from = "data: ".length();
    int length = event.length - from - 2;
    if (!answers(event, from, length, answering)) {
      return false;
    }
    framing = Framing.JSON;
    held.clear();
    super.setContentType("application/json");
    super.setCharacterEncoding("UTF-8");
    super.setContentLength(length);
    WorkQueue.pause();
    // With its length set, Jetty sends the headers, the body and the response's end together.
    super.getOutputStream().write(event, from, length);
    return true;
  }

  /**
   * Whether what was held is one SSE event as the SDK writes a message: {@code [id: …\n]event:
   * message\n} then {@code data: …\n\n}, the data on one line.
   */
  private boolean soleEvent() {
    if (held.isEmpty()) {
      return false;
    }
    String last = held.get(held.size() - 1);
    if (!last.startsWith("data: ")
        || !last.endsWith("\n\n")
        || last.indexOf('\n') != last.length() - 2) {
      return false;
    }
    for (int i = 0; i < held.size() - 1; i++) {
      String line = held.get(i);
      if (!(line.startsWith("id: ") || line.equals("event: message\n"))
          || line.indexOf('\n') != line.length() - 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a message is the JSON-RPC answer to {@code id}: its {@code id}, and a {@code result} or
   * an {@code error}, before any {@code method}. Reads only as far as it must (the SDK writes
   * {@code jsonrpc}, {@code id}, then the outcome), not the result itself.
   */
  static boolean answers(byte[] message, int offset, int length, JsonNode id) throws IOException {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(message, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      boolean sameId = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "method" -> {
            return false;
          }
          case "id" -> sameId = sameId(p, value, id);
          case "result", "error" -> {
            if (sameId) {
              return true;
            }
            p.skipChildren();
          }
          default -> p.skipChildren();
        }
      }
      return false;
    } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
      return false;
    }
  }

  /** The id at the parser is {@code id}: the usual integers and strings without building a tree. */
  private static boolean sameId(JsonParser p, JsonToken value, JsonNode id) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT && id.isInt()) {
      return p.getNumberType() == JsonParser.NumberType.INT && p.getIntValue() == id.intValue();
    }
    if (value == JsonToken.VALUE_STRING && id.isTextual()) {
      return p.getText().equals(id.textValue());
    }
    return value.isScalarValue() && id.equals(p.readValueAsTree());
  }

  /** Opens the SSE stream the SDK asked for: its headers, then what it wrote while held. */
  private void openStream() throws IOException {
    framing = Framing.SSE;
    super.setContentType("text/event-stream");
    for (String[] header : heldHeaders) {
      super.setHeader(header[0], header[1]);
    }
    heldHeaders.clear();
    if (!held.isEmpty()) {
      WorkQueue.pause();
      PrintWriter out = super.getWriter();
      for (String piece : held) {
        out.write(piece);
      }
      held.clear();
    }
    heldChars = 0;
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

  /**
   * Writes our JSON-RPC error in place of the SDK's, when it answered one; opens a stream the SDK
   * asked for and never wrote to (its headers, as the SDK would have sent them).
   */
  void finish(JsonNode requestId) throws IOException {
    if (framing == Framing.HELD && !error) {
      openStream();
      super.flushBuffer();
      return;
    }
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
