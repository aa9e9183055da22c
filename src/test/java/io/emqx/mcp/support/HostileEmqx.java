package io.emqx.mcp.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * An "EMQX" on loopback that answers what no EMQX should: bodies of a gigabyte (declared or
 * chunked), endless chunked bodies, a gzip that inflates a thousandfold, bodies that trickle in a
 * byte at a time. WireMock builds each answer in memory, so it cannot serve these. One thread per
 * connection (daemon); each answer ends when the client hangs up, or at its size.
 *
 * <p>{@code GET …/clients/healthy} always gets a real client record, so a test can check that the
 * server still answers while the others are being fed garbage.
 */
public final class HostileEmqx implements AutoCloseable {

  /** What every other request gets. */
  public enum Mode {
    /** 200, Transfer-Encoding: chunked, JSON that never ends (stops at {@code size} bytes). */
    CHUNKED,
    /** 200 with Content-Length: {@code size}, and that many bytes sent. */
    DECLARED,
    /** 200, Content-Encoding: gzip: a small body that inflates to {@code size} bytes. */
    GZIP_BOMB,
    /** 200, chunked, one byte every {@code trickleMillis} ms. */
    TRICKLE,
    /** 500 with an endless chunked body. */
    ENDLESS_ERROR
  }

  public static final String HEALTHY_CLIENT =
      "{\"clientid\":\"healthy\",\"connected\":true,\"node\":\"emqx@127.0.0.1\",\"username\":null}";

  private final ServerSocket socket;
  private final AtomicLong bytesSent = new AtomicLong();
  private volatile Mode mode = Mode.CHUNKED;
  private volatile long size = 1L << 30;
  private volatile long trickleMillis = 50;
  private volatile byte[] bomb;

  public HostileEmqx() throws IOException {
    socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Accepting.start(socket, "hostile-emqx", this::answer);
  }

  /** The API URL to configure, e.g. {@code http://127.0.0.1:PORT/api/v5}. */
  public String apiUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/api/v5";
  }

  /** Serves {@code mode}; {@code size} bytes per answer (inflated size for the bomb). */
  public HostileEmqx serve(Mode mode, long size) {
    if (mode == Mode.GZIP_BOMB && (bomb == null || size != this.size)) {
      bomb = gzipOfSpaces(size);
    }
    this.size = size;
    this.mode = mode;
    return this;
  }

  public HostileEmqx trickle(long millis) {
    this.trickleMillis = millis;
    return this;
  }

  /** Bytes written to sockets so far (what the server under test was offered). */
  public long bytesSent() {
    return bytesSent.get();
  }

  /** The gzip bomb's size on the wire. */
  public int bombSize() {
    return bomb == null ? 0 : bomb.length;
  }

  private void answer(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      String head = readHead(in);
      if (head == null) {
        return;
      }
      skipBody(in, head);
      String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
      if (path.startsWith("/api/v5/clients/healthy")) {
        byte[] body = HEALTHY_CLIENT.getBytes(StandardCharsets.UTF_8);
        write(
            out,
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        write(out, body);
        return;
      }
      switch (mode) {
        case CHUNKED -> chunked(out, "200 OK", size, 0);
        case ENDLESS_ERROR -> chunked(out, "500 Internal Server Error", Long.MAX_VALUE, 0);
        case TRICKLE -> chunked(out, "200 OK", size, trickleMillis);
        case DECLARED -> declared(out, size);
        case GZIP_BOMB -> {
          write(
              out,
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                      + "Content-Length: "
                      + bomb.length
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          write(out, bomb);
        }
      }
    } catch (IOException | InterruptedException clientLeft) {
      // The server under test hung up: that is the point.
    }
  }

  /** {"data":[{"clientid":"…"},… as long as it takes. */
  private void chunked(OutputStream out, String status, long total, long pauseMillis)
      throws IOException, InterruptedException {
    write(
        out,
        ("HTTP/1.1 "
                + status
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    byte[] open = "{\"data\":[".getBytes(StandardCharsets.US_ASCII);
    writeChunk(out, open, open.length);
    long sent = open.length;
    byte[] block = pauseMillis > 0 ? new byte[] {' '} : rows(64 * 1024);
    while (sent < total) {
      int n = (int) Math.min(block.length, total - sent);
      writeChunk(out, block, n);
      sent += n;
      if (pauseMillis > 0) {
        Thread.sleep(pauseMillis); // the server's pace, not a test's wait
      }
    }
    write(out, "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private void declared(OutputStream out, long total) throws IOException {
    write(
        out,
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + total
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    byte[] block = rows(64 * 1024);
    long sent = 0;
    while (sent < total) {
      int n = (int) Math.min(block.length, total - sent);
      out.write(block, 0, n);
      bytesSent.addAndGet(n);
      sent += n;
    }
  }

  private static byte[] rows(int bytes) {
    byte[] row =
        "{\"clientid\":\"sensor-000000\",\"connected\":true},".getBytes(StandardCharsets.US_ASCII);
    byte[] block = new byte[bytes - bytes % row.length];
    for (int i = 0; i < block.length; i += row.length) {
      System.arraycopy(row, 0, block, i, row.length);
    }
    return block;
  }

  private void writeChunk(OutputStream out, byte[] data, int n) throws IOException {
    write(out, (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data, 0, n);
    bytesSent.addAndGet(n);
    write(out, "\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private void write(OutputStream out, byte[] data) throws IOException {
    out.write(data);
    bytesSent.addAndGet(data.length);
  }

  /** gzip of {@code size} spaces: about a thousandth of it on the wire. */
  static byte[] gzipOfSpaces(long size) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(bytes, 1 << 16) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      byte[] spaces = new byte[1 << 20];
      Arrays.fill(spaces, (byte) ' ');
      for (long left = size; left > 0; left -= spaces.length) {
        gz.write(spaces, 0, (int) Math.min(spaces.length, left));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.US_ASCII);
      }
      if (head.size() > 64 * 1024) {
        return null;
      }
    }
    return null;
  }

  private static void skipBody(InputStream in, String head) throws IOException {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        long n = Long.parseLong(line.substring(15).trim());
        in.skipNBytes(n);
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
