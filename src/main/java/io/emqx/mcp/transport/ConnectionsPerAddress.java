package io.emqx.mcp.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.SelectorManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection as it is accepted, before any byte of it is read, when its remote address
 * already holds {@code mcp.http.max-connections-per-client}. Jetty's own connection limits count
 * all addresses together, so one client could take every connection.
 */
final class ConnectionsPerAddress implements SelectorManager.AcceptListener {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);
  private static final long WARN_EVERY_NANOS = 60_000_000_000L;

  private final int max;
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  /** The channels counted, so that each is given back once, however it ends. */
  private final ConcurrentHashMap<SelectableChannel, InetAddress> counted =
      new ConcurrentHashMap<>();

  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  ConnectionsPerAddress(int max) {
    this.max = max;
  }

  @Override
  public void onAccepting(SelectableChannel channel) {
    InetAddress address = address(channel);
    if (address == null) {
      return;
    }
    boolean[] admitted = {false};
    open.compute(
        address,
        (a, n) -> {
          int count = n == null ? 0 : n;
          admitted[0] = count < max;
          return admitted[0] ? count + 1 : n;
        });
    if (admitted[0]) {
      counted.put(channel, address);
      return;
    }
    long last = lastWarning.get();
    if (System.nanoTime() - last >= WARN_EVERY_NANOS
        && lastWarning.compareAndSet(last, System.nanoTime())) {
      LOG.warn(
          "closing new connections from {}: it holds {} (mcp.http.max-connections-per-client); "
              + "further refusals in the next minute are not logged",
          address.getHostAddress(),
          max);
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closed is what we wanted
    }
  }

  @Override
  public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
    onClosed(channel);
  }

  @Override
  public void onClosed(SelectableChannel channel) {
    InetAddress address = counted.remove(channel);
    if (address != null) {
      open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
  }

  private static InetAddress address(SelectableChannel channel) {
    try {
      return channel instanceof SocketChannel socket
              && socket.getRemoteAddress() instanceof InetSocketAddress inet
          ? inet.getAddress()
          : null;
    } catch (IOException closed) {
      return null;
    }
  }
}
