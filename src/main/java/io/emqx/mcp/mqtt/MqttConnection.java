package io.emqx.mcp.mqtt;

import io.emqx.mcp.config.MqttSettings;
import io.emqx.mcp.mqtt.MqttException.Kind;
import io.emqx.mcp.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT tools' one connection to the broker, shared by every call. It knows nothing of MCP.
 *
 * <ul>
 *   <li>Opened by the first call that needs it, never at start-up: most sessions use no MQTT tool.
 *   <li>MQTT 5 first; a broker that only speaks 3.1.1 gets 3.1.1 (no properties, no correlation).
 *   <li>A lost connection is re-established with exponential backoff (0.5 s doubling to 30 s, with
 *       jitter) while a watch is open, and its subscriptions restored; otherwise the next call
 *       reconnects. A call never waits longer than the timeout for the broker.
 *   <li>One client ID per process ({@code <prefix><12 random characters>}), so two servers never
 *       take over each other's connection; no session is kept at the broker.
 *   <li>Several watches may share a filter: the broker subscription stays until the last one
 *       closes.
 * </ul>
 */
public final class MqttConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
  private static final long FIRST_RETRY_MS = 500;
  private static final long MAX_RETRY_MS = 30_000;

  /** Reply subscriptions only hold what arrives before the reply; a flood past this is dropped. */
  private static final int REPLY_QUEUE = 1_000;

  private static final int NO_MATCHING_SUBSCRIBERS = 0x10;

  private final MqttSettings settings;
  private final Duration timeout;
  private final String clientId;
  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  // Guarded by lock:
  private final Map<String, Subscription> subscriptions = new HashMap<>();
  private Wire wire;
  private CompletableFuture<Wire> attempt;
  private ScheduledExecutorService background;
  private boolean retryScheduled;
  private int failedRetries;
  private boolean closed;

  private record Subscription(int watchers, int qos) {}

  /** A request for {@link #query}; a null {@code responseTopic} means "make one up". */
  public record Query(
      String topic, byte[] payload, int qos, String responseTopic, Duration timeout) {}

  /**
   * The reply to a {@link Query}. {@code correlated} is true when the reply carried our correlation
   * data back; {@code skipped} counts messages on the response topic that were not the reply.
   */
  public record Reply(
      MqttMessage message,
      String responseTopic,
      byte[] correlationData,
      boolean correlated,
      long roundTripNanos,
      String protocol,
      int skipped) {}

  /**
   * @param timeout the longest a call waits for the broker: to connect, or for an acknowledgement
   */
  public MqttConnection(MqttSettings settings, Duration timeout) {
    this.settings = settings;
    this.timeout = timeout;
    this.clientId = settings.clientIdPrefix() + randomSuffix();
  }

  public String clientId() {
    return clientId;
  }

  public String url() {
    return settings.url();
  }

  /** The protocol the broker speaks ("5" or "3.1.1"), connecting first if needed. */
  public String protocol() {
    return connected().protocol();
  }

  /**
   * Subscribes to {@code filter} and returns the watch that collects what arrives, retained
   * messages first. Close it to unsubscribe.
   *
   * @param capacity the most messages kept unread; later ones are left out until some are read
   */
  public Watch watch(String filter, int qos, int capacity) {
    return watch(filter, qos, capacity, false);
  }

  /**
   * Publishes a request with MQTT 5 response topic and correlation data, and waits for the matching
   * reply. Over MQTT 3.1.1 it subscribes to the given response topic first and takes the first
   * message that is not a retained one.
   *
   * @throws IllegalArgumentException when the broker speaks 3.1.1 and no response topic was given
   */
  public Reply query(Query q) {
    Wire w = connected();
    boolean v5 = w.protocol().equals("5");
    if (!v5 && q.responseTopic() == null) {
      throw new IllegalArgumentException(
          "the broker at "
              + settings.url()
              + " speaks MQTT 3.1.1, which has no "
              + "response topic: pass response_topic, the topic the responder answers on");
    }
    boolean generated = q.responseTopic() == null;
    String topic =
        generated
            ? settings.responseTopicPrefix() + "/" + clientId + "/" + randomSuffix()
            : q.responseTopic();
    byte[] correlation = v5 ? UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8) : null;
    try (Watch replies = watch(topic, q.qos(), REPLY_QUEUE, true)) {
      long sent = System.nanoTime();
      Integer rc =
          await(
              w.publish(
                  new Wire.Outgoing(
                      q.topic(), q.payload(), q.qos(), false, v5 ? topic : null, correlation)),
              "publish to '" + q.topic() + "'");
      if (rc != null && rc == NO_MATCHING_SUBSCRIBERS) {
        throw new MqttException(
            Kind.NO_SUBSCRIBERS,
            "the broker answered 'no matching subscribers' (0x10): no "
                + "client subscribes to '"
                + q.topic()
                + "', so nobody can reply",
            rc,
            null);
      }
      long deadline = sent + q.timeout().toNanos();
      int skipped = 0;
      while (true) {
        MqttMessage m = replies.next(Duration.ofNanos(deadline - System.nanoTime()));
        if (m == null) {
          throw new MqttException(
              Kind.NO_REPLY,
              "no reply on '"
                  + topic
                  + "' within "
                  + q.timeout().toMillis()
                  + " ms"
                  + (skipped == 0
                      ? ""
                      : "; "
                          + skipped
                          + " other message(s) arrived there without our "
                          + "correlation data (the responder must copy it into its reply)"));
        }
        boolean correlated =
            correlation != null && Arrays.equals(correlation, m.properties().correlationData());
        // On a topic made up for this call, anything but a retained message is the reply.
        boolean reply =
            !m.retain()
                && (correlated || !v5 || generated && m.properties().correlationData() == null);
        if (reply) {
          return new Reply(
              m, topic, correlation, correlated, m.receivedNanos() - sent, w.protocol(), skipped);
        }
        skipped++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MqttException(Kind.NO_REPLY, "cancelled while waiting for the reply");
    }
  }

  // ---- subscriptions ----------------------------------------------------------------------------

  private Watch watch(String filter, int qos, int capacity, boolean newMessagesOnly) {
    Wire w = connected();
    Watch watch = new Watch(this, filter, capacity);
    // Listening before subscribing: retained messages may arrive before the SUBACK is read.
    watches.add(watch);
    CompletableFuture<Void> ack;
    synchronized (lock) {
      subscriptions.merge(
          filter,
          new Subscription(1, qos),
          (old, one) -> new Subscription(old.watchers() + 1, Math.max(old.qos(), qos)));
      // Sent under the lock so that SUBSCRIBE and UNSUBSCRIBE for one filter leave in call order.
      // Sent
      // even when the filter is already subscribed, so that this watch gets the retained messages
      // too
      // (an older watch on the filter then sees them again, flagged retain).
      ack = w.subscribe(filter, qos, newMessagesOnly);
    }
    try {
      await(ack, "subscribe to '" + filter + "'");
    } catch (RuntimeException e) {
      watch.close();
      throw e;
    }
    return watch;
  }

  void release(Watch watch) {
    watches.remove(watch);
    CompletableFuture<Void> ack = null;
    synchronized (lock) {
      Subscription s = subscriptions.get(watch.filter());
      if (s != null && s.watchers() > 1) {
        subscriptions.put(watch.filter(), new Subscription(s.watchers() - 1, s.qos()));
      } else if (s != null) {
        subscriptions.remove(watch.filter());
        if (wire != null && wire.isConnected()) {
          ack = wire.unsubscribe(watch.filter());
        }
      }
    }
    if (ack != null) {
      try {
        await(ack, "unsubscribe from '" + watch.filter() + "'");
      } catch (RuntimeException e) {
        // The subscription dies with the connection anyway; the caller has what it came for.
        LOG.debug("unsubscribe from '{}' failed: {}", watch.filter(), e.getMessage());
      }
    }
  }

  private void dispatch(MqttMessage message) {
    for (Watch w : watches) {
      if (Topics.matches(w.filter(), message.topic())) {
        w.offer(message);
      }
    }
  }

  // ---- connecting
  // ---------------------------------------------------------------------------------

  /** The connected wire: the open one, or the outcome of an attempt; waits at most the timeout. */
  private Wire connected() {
    return await(connection(), "connect to " + settings.url());
  }

  /** The open wire, the attempt in flight, or a new attempt on the background thread. */
  private CompletableFuture<Wire> connection() {
    synchronized (lock) {
      if (closed) {
        throw new MqttException(
            Kind.UNREACHABLE, "the MQTT connection is closed: the server is shutting down");
      }
      if (attempt == null && wire != null && wire.isConnected()) {
        return CompletableFuture.completedFuture(wire);
      }
      if (attempt == null) {
        CompletableFuture<Wire> started = new CompletableFuture<>();
        attempt = started;
        background().execute(() -> connect(started));
      }
      return attempt;
    }
  }

  /**
   * One attempt, on the background thread; MQTT 5 first, then 3.1.1 for a broker that refuses 5.
   */
  private void connect(CompletableFuture<Wire> result) {
    Wire w;
    synchronized (lock) {
      w = wire;
    }
    try {
      if (w == null) {
        w = open(true);
        try {
          w.connect().get();
        } catch (ExecutionException e) {
          if (!HiveMqWire.speaksOnlyMqtt3(e.getCause())) {
            throw e;
          }
          LOG.info(
              "the broker at {} refused MQTT 5 ({}); using MQTT 3.1.1",
              settings.url(),
              e.getCause().getMessage());
          w = open(false);
          w.connect().get();
        }
      } else {
        w.connect().get();
      }
      resubscribe(w);
      synchronized (lock) {
        wire = w;
        attempt = null;
        failedRetries = 0;
        if (closed) {
          w.disconnect();
        }
      }
      LOG.info("MQTT {} connected to {} as {}", w.protocol(), settings.url(), clientId);
      result.complete(w);
    } catch (ExecutionException | RuntimeException e) {
      MqttException failure =
          HiveMqFailures.failure(
              e instanceof ExecutionException ? e.getCause() : e,
              "connect to " + settings.url(),
              settings.tls() ? settings.tlsSettings() : null);
      synchronized (lock) {
        attempt = null;
      }
      LOG.warn("MQTT connection to {} failed: {}", settings.url(), failure.getMessage());
      result.completeExceptionally(failure);
      scheduleRetry();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.completeExceptionally(
          new MqttException(Kind.UNREACHABLE, "connecting was interrupted"));
    }
  }

  private Wire open(boolean mqtt5) {
    return HiveMqWire.open(
        settings,
        clientId,
        timeout,
        mqtt5,
        new Wire.Events() {
          @Override
          public void message(MqttMessage message) {
            dispatch(message);
          }

          @Override
          public void lost(Throwable cause) {
            LOG.warn(
                "MQTT connection to {} lost ({}); {}",
                settings.url(),
                cause == null ? "?" : cause.getMessage(),
                watches.isEmpty() ? "the next MQTT call reconnects" : "reconnecting");
            watches.forEach(Watch::interrupted);
            scheduleRetry();
          }
        });
  }

  /**
   * Subscriptions do not survive a new connection (no session is kept): the open watches get theirs
   * back.
   */
  private void resubscribe(Wire w) throws ExecutionException, InterruptedException {
    Map<String, Subscription> current;
    synchronized (lock) {
      current = Map.copyOf(subscriptions);
    }
    for (Map.Entry<String, Subscription> e : current.entrySet()) {
      w.subscribe(e.getKey(), e.getValue().qos(), true).get();
    }
  }

  /** Reconnects in the background, with backoff, only while someone is watching. */
  private void scheduleRetry() {
    synchronized (lock) {
      if (closed || watches.isEmpty() || retryScheduled) {
        return;
      }
      long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(failedRetries, 10));
      delay += ThreadLocalRandom.current().nextLong(delay / 4 + 1);
      failedRetries++;
      retryScheduled = true;
      background()
          .schedule(
              () -> {
                synchronized (lock) {
                  retryScheduled = false;
                }
                // Not waited for: a failed attempt logs itself and schedules the next one.
                connection();
              },
              delay,
              TimeUnit.MILLISECONDS);
    }
  }

  private ScheduledExecutorService background() {
    if (background == null) {
      background =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "mqtt-connect");
                t.setDaemon(true);
                return t;
              });
    }
    return background;
  }

  private <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new MqttException(
          Kind.TIMEOUT,
          what + ": no answer from the broker within " + timeout.toMillis() + " ms",
          null,
          e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof MqttException m
          ? m
          : HiveMqFailures.failure(e.getCause(), what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MqttException(Kind.UNREACHABLE, what + ": cancelled", null, e);
    }
  }

  /** Disconnects cleanly (a DISCONNECT, so the broker drops no will and logs no error). */
  @Override
  public void close() {
    Wire w;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      w = wire;
      if (background != null) {
        background.shutdownNow();
      }
    }
    if (w != null && w.isConnected()) {
      try {
        w.disconnect().get(1, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("MQTT disconnect: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String randomSuffix() {
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    SecureRandom random = new SecureRandom();
    StringBuilder s = new StringBuilder(12);
    for (int i = 0; i < 12; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
