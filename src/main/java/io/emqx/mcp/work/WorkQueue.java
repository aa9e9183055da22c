package io.emqx.mcp.work;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets requests take turns at the CPU: at most {@code slots} of them work at once, and the others
 * wait in the order they arrived. A request gives its slot up while it waits (for EMQX, or for its
 * client to take the answer) and takes one again ahead of every request that arrived after it, so a
 * slow EMQX never makes the queue the bottleneck, and the oldest request finishes first.
 *
 * <p>Why: on a few cores, 64 requests working at once are 64 threads that the OS scheduler
 * time-slices with no notion of which arrived first, and a request that loses the CPU mid-way waits
 * for all the others (measured: p99 four times the mean at 64 sessions on 2 cores). Waiting here,
 * parked, in arrival order, a request's latency is about the queue ahead of it.
 *
 * <p>The turn belongs to the thread that {@link #enter}ed: the static {@link #pause}, {@link
 * #resume} and {@link #leave} act on the calling thread's turn, and do nothing on a thread without
 * one (stdio, a pool's thread), so code deep in a call can mark its waits without being handed
 * anything. A wait that is not marked only holds a slot longer: nobody waits for a slot more than
 * {@code maxWait}, and a request whose wait runs out, or whose thread is interrupted while waiting,
 * goes on without a slot (the interrupt kept), so the queue can slow requests down but never hold
 * one for good.
 */
public final class WorkQueue {

  private static final ThreadLocal<Turn> CURRENT = new ThreadLocal<>();

  private final int slots;
  private final long maxWaitNanos;
  private final ReentrantLock lock = new ReentrantLock();

  /** Earliest arrival first: a request resuming after a wait goes ahead of newer ones. */
  private final PriorityQueue<Waiter> waiting =
      new PriorityQueue<>(Comparator.comparingLong(Waiter::arrival));

  private int busy;
  private long arrivals;

  /**
   * @param slots how many requests may work at once, at least 1
   * @param maxWait the longest a request waits for a slot before it goes on without one
   */
  public WorkQueue(int slots, Duration maxWait) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1");
    }
    this.slots = slots;
    this.maxWaitNanos = maxWait.toNanos();
  }

  /**
   * Waits for this thread's turn (at most {@code maxWait}) and returns it; closing it gives the
   * slot back. Call it on the thread that does the request's work, and close it on that thread.
   */
  public Turn enter() {
    Turn turn;
    lock.lock();
    try {
      turn = new Turn(this, arrivals++);
    } finally {
      lock.unlock();
    }
    CURRENT.set(turn);
    acquire(turn);
    return turn;
  }

  /** The calling thread's request is about to wait: its slot goes to the next in line. */
  public static void pause() {
    Turn turn = CURRENT.get();
    if (turn != null && turn.held) {
      turn.held = false;
      turn.pausedAt = System.nanoTime();
      turn.queue.release();
    }
  }

  /**
   * The calling thread's request is done waiting: it takes a slot again, ahead of newer requests.
   */
  public static void resume() {
    Turn turn = CURRENT.get();
    if (turn != null && !turn.held) {
      if (turn.pausedAt != 0) {
        turn.pausedNanos += System.nanoTime() - turn.pausedAt;
        turn.pausedAt = 0;
      }
      turn.queue.acquire(turn);
    }
  }

  /**
   * Pauses around {@code wait}, for a wait that returns a value.
   *
   * @see #pause()
   */
  public static <T> T waiting(Supplier<T> wait) {
    pause();
    try {
      return wait.get();
    } finally {
      resume();
    }
  }

  /**
   * The calling thread's request runs on outside the queue, for good: for work that waits in ways
   * nobody marks (a call waiting for an MQTT reply or a person's confirmation).
   */
  public static void leave() {
    Turn turn = CURRENT.get();
    if (turn != null) {
      turn.close();
    }
  }

  /** Slots held now (for tests and diagnostics). */
  public int busy() {
    lock.lock();
    try {
      return busy;
    } finally {
      lock.unlock();
    }
  }

  /** Requests waiting for a slot now (for tests and diagnostics). */
  public int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  public int slots() {
    return slots;
  }

  private void acquire(Turn turn) {
    Waiter me;
    lock.lock();
    try {
      if (busy < slots && (waiting.isEmpty() || waiting.peek().arrival() > turn.arrival)) {
        busy++;
        turn.held = true;
        return;
      }
      me = new Waiter(turn.arrival, Thread.currentThread());
      waiting.add(me);
    } finally {
      lock.unlock();
    }
    long parkedAt = System.nanoTime();
    long deadline = parkedAt + maxWaitNanos;
    boolean interrupted = false;
    while (!me.granted) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      LockSupport.parkNanos(this, left);
      if (Thread.interrupted()) {
        interrupted = true;
        break;
      }
    }
    if (!me.granted) {
      lock.lock();
      try {
        if (!me.granted) {
          waiting.remove(me); // gone from the line: nothing to give back
        }
      } finally {
        lock.unlock();
      }
    }
    turn.held = me.granted;
    turn.waitedNanos += System.nanoTime() - parkedAt;
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void release() {
    lock.lock();
    try {
      busy--;
      while (busy < slots && !waiting.isEmpty()) {
        Waiter next = waiting.poll();
        busy++;
        next.granted = true;
        LockSupport.unpark(next.thread());
      }
    } finally {
      lock.unlock();
    }
  }

  /** A request's place: when it arrived, and whether it holds a slot now. Used by one thread. */
  public static final class Turn implements AutoCloseable {
    private final WorkQueue queue;
    private final long arrival;
    private boolean held;
    private boolean closed;
    private long waitedNanos;
    private long pausedNanos;
    private long pausedAt;

    private Turn(WorkQueue queue, long arrival) {
      this.queue = queue;
      this.arrival = arrival;
    }

    /** How long this turn has waited for a slot so far, all its waits together. */
    public long waitedNanos() {
      return waitedNanos;
    }

    /**
     * How long this turn has been paused and resumed again so far: the marked waits it came back
     * from (EMQX's answers), not a wait still running.
     */
    public long pausedNanos() {
      return pausedNanos;
    }

    /** Whether this turn holds a slot now. */
    public boolean holdsSlot() {
      return held;
    }

    /** Gives the slot back, if held, and ends the turn; only the first close counts. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (CURRENT.get() == this) {
        CURRENT.remove();
      }
      if (held) {
        held = false;
        queue.release();
      }
    }
  }

  /**
   * A thread parked for a slot; {@code granted} is set, under the lock, by whoever hands it one.
   */
  private static final class Waiter {
    private final long arrival;
    private final Thread thread;
    private volatile boolean granted;

    Waiter(long arrival, Thread thread) {
      this.arrival = arrival;
      this.thread = thread;
    }

    long arrival() {
      return arrival;
    }

    Thread thread() {
      return thread;
    }
  }
}
