package io.emqx.mcp.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 by hand, one request per connection, from any loopback address (127.0.0.2 is another
 * client as far as the server can tell): for requests no well-behaved client sends.
 */
public final class RawHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What an error body must never contain: class, package, file or frame names, stack traces. */
  private static final Pattern INTERNALS =
      Pattern.compile(
          "(?i)exception|stacktrace|classname|\\.java|io\\.modelcontextprotocol|org\\.eclipse|io\\.emqx|jakarta\\.|\\$builder|\\bat [a-z][\\w$.]+\\(");

  /** The largest error body we accept: a JSON-RPC error with a sentence of message. */
  public static final int MAX_ERROR_BODY = 512;

  public record Reply(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + text(), e);
      }
    }
  }

  private RawHttp() {}

  /** A socket to {@code base}'s port from the loopback address {@code from}. */
  public static Socket connect(URI base, String from) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    s.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5000);
    s.setSoTimeout(15_000);
    s.setTcpNoDelay(true);
    return s;
  }

  /**
   * Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and
   * {@code body}.
   */
  public static Reply exchange(URI base, String from, String head, byte[] body) throws IOException {
    try (Socket s = connect(base, from)) {
      String request =
          head
              + "\r\nConnection: close\r\n"
              + (body == null ? "" : "Content-Length: " + body.length + "\r\n")
              + "\r\n";
      // One write: head and body in two would wait on Nagle and delayed ACKs (40 ms a request).
      byte[] headBytes = request.getBytes(StandardCharsets.ISO_8859_1);
      byte[] all =
          java.util.Arrays.copyOf(headBytes, headBytes.length + (body == null ? 0 : body.length));
      if (body != null) {
        System.arraycopy(body, 0, all, headBytes.length, body.length);
      }
      s.getOutputStream().write(all);
      s.getOutputStream().flush();
      return read(s.getInputStream());
    }
  }

  /**
   * A POST of JSON to {@code path} with the headers a streamable client sends, plus {@code extra}.
   */
  public static Reply post(
      URI base, String from, String path, String token, String extra, String json)
      throws IOException {
    return exchange(
        base,
        from,
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + base.getPort()
            + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream"
            + (token == null ? "" : "\r\nAuthorization: Bearer " + token)
            + (extra == null ? "" : "\r\n" + extra),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Opens a socket from {@code from} and writes the head of a POST to /mcp with the bearer token
   * and a JSON content type, then {@code rest} as it is (more headers, the blank line, any part of
   * the body), leaving the socket open: for bodies that come slowly, in pieces or not at all.
   */
  public static Socket startPost(URI base, String from, String token, String rest)
      throws IOException {
    Socket s = connect(base, from);
    s.getOutputStream()
        .write(
            ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:"
                    + base.getPort()
                    + "\r\nAuthorization: Bearer "
                    + token
                    + "\r\nContent-Type: application/json\r\n"
                    + rest)
                .getBytes(StandardCharsets.UTF_8));
    return s;
  }

  /**
   * Reads one response to its end (the server closes: every request here says Connection: close).
   */
  public static Reply read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no HTTP response, got " + all.length + " bytes: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Reply(status, headers, body);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < chunked.length) {
      int eol = i;
      while (eol + 1 < chunked.length && !(chunked[eol] == '\r' && chunked[eol + 1] == '\n')) {
        eol++;
      }
      String sizeLine =
          new String(chunked, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int size = sizeLine.isEmpty() ? 0 : Integer.parseInt(sizeLine, 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, eol + 2, Math.min(size, chunked.length - eol - 2));
      i = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }

  /**
   * Asserts {@code r} is an error answered the way every HTTP error must be: a JSON-RPC error
   * object of at most {@link #MAX_ERROR_BODY} bytes, with no internals, carrying {@code id} (null:
   * the JSON null).
   */
  public static JsonNode assertJsonRpcError(Reply r, Object id) {
    String what = r.status() + " " + r.text();
    assertTrue(r.status() >= 400, what);
    assertTrue(
        r.body().length <= MAX_ERROR_BODY, "error body of " + r.body().length + " bytes: " + what);
    assertFalse(INTERNALS.matcher(r.text()).find(), "internals in the error body: " + what);
    JsonNode body = r.json();
    assertEquals("2.0", body.path("jsonrpc").asText(), what);
    assertTrue(body.path("error").path("code").isInt(), what);
    assertFalse(body.path("error").path("message").asText().isBlank(), what);
    assertEquals(id == null ? JSON.nullNode() : JSON.valueToTree(id), body.get("id"), what);
    return body;
  }

  /** Asserts an error body has no internals and is small, whatever its documented shape. */
  public static void assertQuietError(Reply r) {
    String what = r.status() + " " + r.text();
    assertTrue(
        r.body().length <= MAX_ERROR_BODY, "error body of " + r.body().length + " bytes: " + what);
    assertFalse(INTERNALS.matcher(r.text()).find(), "internals in the error body: " + what);
  }
}
