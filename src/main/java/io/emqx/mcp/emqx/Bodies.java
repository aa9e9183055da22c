package io.emqx.mcp.emqx;

import java.io.IOException;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads EMQX's answers within a byte budget. The bytes counted are the ones the parser would see:
 * after OkHttp's transparent gzip decoding, which inflates as it is read, so a gzip bomb costs at
 * most the budget. Nothing beyond the budget is read; closing the response drops the connection.
 *
 * <p>Why keep OkHttp's gzip rather than send {@code Accept-Encoding: identity}: EMQX 5.8.9 itself
 * does not compress API answers (its dashboard listener runs only {@code cowboy_stream_h},
 * apps/emqx_dashboard/src/emqx_dashboard.erl), but a proxy in front of it may, and a hostile peer
 * can send gzip unasked either way. Counting inflated bytes makes both safe and keeps the bandwidth
 * saving behind such a proxy.
 */
final class Bodies {

  /** Read granularity: one okio segment. */
  private static final long STEP = 8192;

  private Bodies() {}

  /**
   * The whole body, or null when it is longer than {@code cap} bytes (then at most cap + 8 KiB was
   * read).
   */
  static byte[] capped(ResponseBody body, long cap) throws IOException {
    if (body.contentLength() > cap) {
      return null; // declared too long: not a byte is read
    }
    Buffer buffer = read(body.source(), cap + 1);
    return buffer.size() > cap ? null : buffer.readByteArray();
  }

  /**
   * At most the first {@code limit} bytes of the body (an error answer: a prefix is enough to
   * report it).
   */
  static byte[] prefix(ResponseBody body, long limit) throws IOException {
    Buffer buffer = read(body.source(), limit);
    return buffer.readByteArray(Math.min(buffer.size(), limit));
  }

  /** Reads until the source ends or at least {@code limit} bytes are buffered. */
  private static Buffer read(BufferedSource source, long limit) throws IOException {
    Buffer buffer = new Buffer();
    while (buffer.size() < limit) {
      if (source.read(buffer, STEP) == -1) {
        break;
      }
    }
    return buffer;
  }

  /** A size for messages: "4 MiB", "64 KiB", or bytes. */
  static String size(long bytes) {
    if (bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    return bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
  }
}
