package io.emqx.mcp.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The work queue's bounds, order and exits, each request played by a thread of its own (a turn
 * belongs to a thread). No timing: every step waits for what it can observe.
 */
class WorkQueueTest {

  /** Long enough that no wait here runs out unless a test means it to. */
  private static final Duration FOREVER = Duration.ofMinutes(5);

  private final List<ExecutorService> threads = new ArrayList<>();

  /** Who was admitted, in order: each request adds its name when its turn begins. */
  private final List<String> admitted = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    threads.forEach(ExecutorService::shutdownNow);
  }

  /** A request: one thread, so that its turn's pause, resume and close run where it entered. */
  private final class Request {
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private WorkQueue.Turn turn;

    Request() {
      threads.add(thread);
    }

    Future<?> enter(WorkQueue queue, String name) {
      return thread.submit(
          () -> {
            turn = queue.enter();
            admitted.add(name);
          });
    }

    /**
     * Enters and waits until {@code enter} has returned (with a slot, or once its wait ran out).
     */
    Request entered(WorkQueue queue, String name) throws Exception {
      enter(queue, name).get(30, TimeUnit.SECONDS);
      return this;
    }

    /** Enters behind a full queue and waits until it is the {@code place}-th in line. */
    Future<?> queued(WorkQueue queue, String name, int place) throws InterruptedException {
      Future<?> in = enter(queue, name);
      await(() -> queue.waiting() == place, name + " queued");
      return in;
    }

    Future<?> run(Runnable step) {
      return thread.submit(step);
    }

    <T> T now(Callable<T> step) throws Exception {
      return thread.submit(step).get(30, TimeUnit.SECONDS);
    }

    void now(Runnable step) throws Exception {
      now(
          () -> {
            step.run();
            return null;
          });
    }

    boolean holdsSlot() throws Exception {
      return now(() -> turn.holdsSlot());
    }

    void close() throws Exception {
      now(() -> turn.close());
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never: " + what);
      }
      Thread.sleep(1); // polling for a state that has no event to wait on, with a deadline
    }
  }

  @Test
  void atMostSlotsWorkAtOnce_theNextWaitsUntilOneCloses() throws Exception {
    WorkQueue queue = new WorkQueue(2, FOREVER);
    Request a = new Request().entered(queue, "a");
    Request b = new Request().entered(queue, "b");
    Request c = new Request();
    Future<?> third = c.queued(queue, "c", 1);
    assertEquals(2, queue.busy());
    assertFalse(third.isDone());

    a.close();
    third.get(30, TimeUnit.SECONDS);
    assertEquals(List.of("a", "b", "c"), admitted);
    assertEquals(2, queue.busy());
    b.close();
    c.close();
    assertEquals(0, queue.busy());
  }

  @Test
  void waitersAreAdmittedInArrivalOrder() throws Exception {
    WorkQueue queue = new WorkQueue(1, FOREVER);
    Request holder = new Request().entered(queue, "holder");
    List<Request> waiters = new ArrayList<>();
    List<Future<?>> entered = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      Request w = new Request();
      waiters.add(w);
      entered.add(w.queued(queue, "w" + i, i));
    }
    holder.close();
    for (int i = 0; i < waiters.size(); i++) {
      entered.get(i).get(30, TimeUnit.SECONDS); // admitted only once the one before it has closed
      assertEquals("w" + (i + 1), admitted.get(admitted.size() - 1));
      waiters.get(i).close();
    }
    assertEquals(List.of("holder", "w1", "w2", "w3", "w4", "w5"), admitted);
    assertEquals(0, queue.busy());
  }

  @Test
  void aPausedRequestGivesItsSlotToTheNext_andResumesAheadOfNewerArrivals() throws Exception {
    WorkQueue queue = new WorkQueue(1, FOREVER);
    Request old = new Request().entered(queue, "old");
    Request b = new Request();
    Request c = new Request();
    Future<?> bIn = b.queued(queue, "b", 1);

    old.now(WorkQueue::pause); // as before a request to EMQX
    bIn.get(30, TimeUnit.SECONDS);
    assertFalse(old.holdsSlot());
    Future<?> cIn = c.queued(queue, "c", 1);
    Future<?> resumed =
        old.run(
            () -> {
              WorkQueue.resume(); // EMQX answered
              admitted.add("old again");
            });
    await(() -> queue.waiting() == 2, "old queued to resume");

    b.close();
    resumed.get(30, TimeUnit.SECONDS);
    assertFalse(cIn.isDone(), "c arrived after old: it waits");
    old.close();
    cIn.get(30, TimeUnit.SECONDS);
    assertEquals(List.of("old", "b", "old again", "c"), admitted);
    c.close();
    assertEquals(0, queue.busy());
  }

  @Test
  void anInterruptedWaiterLeavesTheLineWithoutASlot_andKeepsItsInterrupt() throws Exception {
    WorkQueue queue = new WorkQueue(1, FOREVER);
    Request holder = new Request().entered(queue, "holder");
    AtomicReference<WorkQueue.Turn> turn = new AtomicReference<>();
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread waiter =
        new Thread(
            () -> {
              try (WorkQueue.Turn t = queue.enter()) {
                turn.set(t);
                interrupted.set(Thread.currentThread().isInterrupted());
                assertFalse(t.holdsSlot());
              }
            });
    waiter.start();
    await(() -> queue.waiting() == 1, "waiter queued");
    waiter.interrupt(); // as a cancelled call's thread is
    waiter.join(30_000);

    assertFalse(waiter.isAlive());
    assertTrue(interrupted.get());
    assertFalse(turn.get().holdsSlot());
    assertEquals(0, queue.waiting());
    assertEquals(1, queue.busy(), "closing a turn that never got a slot gives nothing back");
    holder.close();
    assertEquals(0, queue.busy());
    new Request().entered(queue, "next").close(); // the slot is free
  }

  @Test
  void aWaiterWhoseWaitRunsOutGoesOnWithoutASlot() throws Exception {
    WorkQueue queue = new WorkQueue(1, Duration.ofMillis(20));
    Request holder = new Request().entered(queue, "holder");
    Request late = new Request().entered(queue, "late"); // returns once its wait runs out

    assertFalse(late.holdsSlot());
    assertEquals(0, queue.waiting());
    late.close();
    assertEquals(1, queue.busy());
    holder.close();
    assertEquals(0, queue.busy());
  }

  @Test
  void leaving_givesTheSlotBack_andLaterPausesAndResumesDoNothing() throws Exception {
    WorkQueue queue = new WorkQueue(1, FOREVER);
    Request a = new Request().entered(queue, "a");
    Request b = new Request();
    Future<?> bIn = b.queued(queue, "b", 1);
    a.now(
        () -> {
          WorkQueue.leave(); // as a change about to ask for a confirmation does
          WorkQueue.resume();
          WorkQueue.pause();
        });
    bIn.get(30, TimeUnit.SECONDS);
    assertEquals(1, queue.busy());
    a.close(); // closed already: nothing more given back
    assertEquals(1, queue.busy());
    b.close();
    b.close();
    assertEquals(0, queue.busy());
  }

  @Test
  void withoutATurn_pauseResumeAndWaitingDoNothing() {
    WorkQueue.pause();
    WorkQueue.resume();
    WorkQueue.leave();
    assertEquals("done", WorkQueue.waiting(() -> "done"));
  }

  @Test
  void waiting_pausesAroundTheWait() throws Exception {
    WorkQueue queue = new WorkQueue(1, FOREVER);
    Request a = new Request().entered(queue, "a");
    Request b = new Request();
    Future<?> bIn = b.queued(queue, "b", 1);
    Future<Boolean> during =
        a.thread.submit(
            () ->
                WorkQueue.waiting(
                    () -> {
                      try {
                        bIn.get(30, TimeUnit.SECONDS); // b works while a waits
                        return true;
                      } catch (Exception e) {
                        return false;
                      }
                    }));
    await(() -> bIn.isDone(), "b admitted while a waits");
    await(() -> queue.waiting() == 1, "a queued to resume");
    b.close();
    assertTrue(during.get(30, TimeUnit.SECONDS));
    assertTrue(a.holdsSlot());
    a.close();
    assertEquals(0, queue.busy());
  }
}
