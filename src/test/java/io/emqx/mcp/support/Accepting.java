package io.emqx.mcp.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * The accept loop of the tests' own loopback servers (a hostile EMQX, a 3.1.1-only broker): every
 * connection served on its own daemon thread until the socket is closed. Daemon threads, so a
 * server a failed test forgot to close never keeps the test JVM alive.
 */
final class Accepting {

  private Accepting() {}

  /** Starts accepting on {@code socket}; {@code name} names the threads. */
  static void start(ServerSocket socket, String name, Consumer<Socket> serve) {
    daemon(name, () -> loop(socket, name, serve));
  }

  /** A started daemon thread running {@code body}. */
  static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void loop(ServerSocket socket, String name, Consumer<Socket> serve) {
    while (!socket.isClosed()) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException closed) {
        return;
      }
      daemon(name + "-conn", () -> serve.accept(s));
    }
  }
}
