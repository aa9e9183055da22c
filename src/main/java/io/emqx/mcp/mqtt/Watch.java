package io.emqx.mcp.mqtt;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live subscription of one caller: the messages matching its filter, in arrival order, until it
 * is closed. Closing unsubscribes, unless another watch on the same filter is still open.
 */
public final class Watch implements AutoCloseable {

  private final MqttConnection connection;
  private final String filter;
  private final BlockingQueue<MqttMessage> queue;
  private final AtomicInteger interruptions = new AtomicInteger();
  private volatile boolean closed;

  Watch(MqttConnection connection, String filter, int capacity) {
    this.connection = connection;
    this.filter = filter;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  public String filter() {
    return filter;
  }

  /**
   * The next message, waiting at most {@code wait}; null when none came.
   *
   * @throws InterruptedException when the call was cancelled
   */
  public MqttMessage next(Duration wait) throws InterruptedException {
    long nanos = wait.toNanos();
    return nanos <= 0 ? queue.poll() : queue.poll(nanos, TimeUnit.NANOSECONDS);
  }

  /** How often the connection was lost while this watch was open (messages may be missing). */
  public int interruptions() {
    return interruptions.get();
  }

  /** Keeps the message unless the queue is full: a caller stops reading at its capacity anyway. */
  void offer(MqttMessage message) {
    if (!closed) {
      queue.offer(message);
    }
  }

  void interrupted() {
    interruptions.incrementAndGet();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      connection.release(this);
    }
  }
}
