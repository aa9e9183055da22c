package io.emqx.mcp.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Loopback ports for the tests that need an address where nothing answers. */
public final class Ports {

  private Ports() {}

  /**
   * A port that was free a moment ago and that nothing listens on now: bound, then released, so a
   * connection to it is refused (a stopped EMQX, a wrong port in the configuration).
   */
  public static int refusing() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An EMQX API URL on a {@link #refusing()} port: an EMQX that is down. */
  public static String refusingApiUrl() {
    return "http://127.0.0.1:" + refusing();
  }
}
