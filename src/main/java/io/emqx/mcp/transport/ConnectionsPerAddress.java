package io.emqx.mcp.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection at once when its remote address already holds
 * {@code mcp.http.max-connections-per-client}. Jetty's own connection limits count all addresses
 * together, so one client could take every connection.
 */
final class ConnectionsPerAddress implements Connection.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);
  private static final long WARN_EVERY_NANOS = 60_000_000_000L;

  private final int max;
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  ConnectionsPerAddress(int max) {
    this.max = max;
  }

  @Override
  public void onOpened(Connection connection) {
    InetAddress address = address(connection);
    if (address == null) {
      return;
    }
    int count = open.merge(address, 1, Integer::sum);
    if (count > max) {
      long last = lastWarning.get();
      if (System.nanoTime() - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, System.nanoTime())) {
        LOG.warn("closing new connections from {}: it holds {} (mcp.http.max-connections-per-client); "
            + "further refusals in the next minute are not logged", address.getHostAddress(), max);
      }
      connection.getEndPoint().close();  // onClosed follows and gives the count back
    }
  }

  @Override
  public void onClosed(Connection connection) {
    InetAddress address = address(connection);
    if (address != null) {
      open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** Connections open from {@code address} now (for tests). */
  int open(InetAddress address) {
    return open.getOrDefault(address, 0);
  }

  private static InetAddress address(Connection connection) {
    SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
