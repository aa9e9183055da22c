package io.emqx.mcp.transport;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.Consumer;

/**
 * The response to a {@code GET /sse}, read on its way out for the id of the legacy session the SDK
 * opens: its first event is {@code event: endpoint} with {@code data: /message?sessionId=<id>}
 * (HttpServletSseServerTransportProvider of MCP Java SDK 2.2.0, {@code doGet} and {@code
 * sendEvent}). The SDK offers no other way to learn the id of a stream. {@code opened} gets the id
 * before the event is passed on, so it is bound to its caller before the client can post a message
 * to it: the client may post before the GET's thread is back in the gate.
 *
 * <p>Only the first {@link #SCAN_LIMIT} characters are read; after the id (or without one) every
 * write goes straight through. Without an id nothing is bound, and every message to the stream is
 * answered as to an unknown session: a change in the SDK's event fails closed.
 */
final class SseOpening extends HttpServletResponseWrapper {

  /** The endpoint event is well under this (a path and a UUID). */
  static final int SCAN_LIMIT = 1024;

  private static final String PARAM = "sessionId=";

  private final Consumer<String> opened;
  private PrintWriter writer;
  private volatile String sessionId;

  SseOpening(HttpServletResponse response, Consumer<String> opened) {
    super(response);
    this.opened = opened;
  }

  /** The session id the stream was given, or null (none yet, or not a stream). */
  String sessionId() {
    return sessionId;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      writer = new PrintWriter(new Scanning(super.getWriter()));
    }
    return writer;
  }

  /**
   * The session id in the start of an SSE stream: in the {@code sessionId} parameter of the data of
   * its first event, an {@code endpoint} event. Null while none is complete in it, and for any
   * other start.
   */
  static String sessionIdIn(CharSequence start) {
    String text = start.toString();
    int end = text.indexOf("\n\n");
    if (end >= 0) {
      text = text.substring(0, end + 1); // the first event only
    }
    int data = text.indexOf("\ndata: ");
    if (!text.startsWith("event: endpoint\n") || data < 0) {
      return null;
    }
    int at = text.indexOf(PARAM, data);
    while (at >= 0 && "?&".indexOf(text.charAt(at - 1)) < 0) {
      at = text.indexOf(PARAM, at + 1); // "xsessionId=" is another parameter
    }
    if (at < 0) {
      return null;
    }
    int from = at + PARAM.length();
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '&' || c == '\n' || c == '\r') {
        return i > from ? text.substring(from, i) : null;
      }
    }
    return null; // the id may go on in the next write
  }

  /**
   * Notes the characters written until the first event is complete (or too long), then only passes
   * them on.
   */
  private final class Scanning extends Writer {
    private final PrintWriter out;
    private StringBuilder start = new StringBuilder();

    Scanning(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(char[] chars, int off, int len) {
      if (start != null) {
        scan(java.nio.CharBuffer.wrap(chars, off, len));
      }
      out.write(chars, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      if (start != null) {
        scan(str.subSequence(off, off + len));
      }
      out.write(str, off, len);
    }

    /** Runs on the GET's thread only: the SDK writes the endpoint event before anything else. */
    private void scan(CharSequence written) {
      start.append(written, 0, Math.min(written.length(), SCAN_LIMIT - start.length()));
      String id = sessionIdIn(start);
      if (id != null) {
        sessionId = id;
        opened.accept(id);
      }
      if (id != null || start.length() >= SCAN_LIMIT || start.indexOf("\n\n") >= 0) {
        start = null;
      }
    }

    /** PrintWriter keeps a failure to itself; the SDK's own check must see that the client left. */
    @Override
    public void flush() throws IOException {
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
}
