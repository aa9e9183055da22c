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

    Future<?> enter(WorkQueue queue, List<String> admitted, String name) {
      return thread.submit(
          () -> {
            turn = queue.enter();
            admitted.add(name);
          });
    }

    Future<?> run(Runnable step) {
      return thread.submit(step);
    }

    <T> T now(Callable<T> step) throws Exception {
      return thread.submit(step).get(30, TimeUnit.SECONDS);
    }

    void close() throws Exception {
      now(
          () -> {
            turn.close();
            return null;
          });
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
    List<String> admitted = new CopyOnWriteArrayList<>();
    Request a = new Request();
    Request b = new Request();
    Request c = new Request();
    a.enter(queue, admitted, "a").get(30, TimeUnit.SECONDS);
    b.enter(queue, admitted, "b").get(30, TimeUnit.SECONDS);
    Future<?> third = c.enter(queue, admitted, "c");
    await(() -> queue.waiting() == 1, "c queued");
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
    List<String> admitted = new CopyOnWriteArrayList<>();
    Request holder = new Request();
    holder.enter(queue, admitted, "holder").get(30, TimeUnit.SECONDS);
    List<Request> waiters = new ArrayList<>();
    List<Future<?>> entered = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      Request w = new Request();
      waiters.add(w);
      entered.add(w.enter(queue, admitted, "w" + i));
      int queued = i;
      await(() -> queue.waiting() == queued, "w" + i + " queued");
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
    List<String> admitted = new CopyOnWriteArrayList<>();
    Request old = new Request();
    Request b = new Request();
    Request c = new Request();
    old.enter(queue, admitted, "old").get(30, TimeUnit.SECONDS);
    Future<?> bIn = b.enter(queue, admitted, "b");
    await(() -> queue.waiting() == 1, "b queued");

    old.now(
        () -> {
          WorkQueue.pause(); // as before a request to EMQX
          return null;
        });
    bIn.get(30, TimeUnit.SECONDS);
    assertFalse(old.now(() -> old.turn.holdsSlot()));
    Future<?> cIn = c.enter(queue, admitted, "c");
    await(() -> queue.waiting() == 1, "c queued");
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
    List<String> admitted = new CopyOnWriteArrayList<>();
    Request holder = new Request();
    holder.enter(queue, admitted, "holder").get(30, TimeUnit.SECONDS);
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
    Request next = new Request();
    next.enter(queue, admitted, "next").get(30, TimeUnit.SECONDS); // the slot is free
    next.close();
  }

  @Test
  void aWaiterWhoseWaitRunsOutGoesOnWithoutASlot() throws Exception {
    WorkQueue queue = new WorkQueue(1, Duration.ofMillis(20));
    List<String> admitted = new CopyOnWriteArrayList<>();
    Request holder = new Request();
    holder.enter(queue, admitted, "holder").get(30, TimeUnit.SECONDS);
    Request late = new Request();
    late.enter(queue, admitted, "late").get(30, TimeUnit.SECONDS); // returns once its wait runs out

    assertFalse(late.now(() -> late.turn.holdsSlot()));
    assertEquals(0, queue.waiting());
    late.close();
    assertEquals(1, queue.busy());
    holder.close();
    assertEquals(0, queue.busy());
  }

  @Test
  void leaving_givesTheSlotBack_andLaterPausesAndResumesDoNothing() throws Exception {
    WorkQueue queue = new WorkQueue(1, FOREVER);
    List<String> admitted = new CopyOnWriteArrayList<>();
    Request a = new Request();
    Request b = new Request();
    a.enter(queue, admitted, "a").get(30, TimeUnit.SECONDS);
    Future<?> bIn = b.enter(queue, admitted, "b");
    await(() -> queue.waiting() == 1, "b queued");
    a.now(
        () -> {
          WorkQueue.leave(); // as a change about to ask for a confirmation does
          WorkQueue.resume();
          WorkQueue.pause();
          return null;
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
    List<String> admitted = new CopyOnWriteArrayList<>();
    Request a = new Request();
    Request b = new Request();
    a.enter(queue, admitted, "a").get(30, TimeUnit.SECONDS);
    Future<?> bIn = b.enter(queue, admitted, "b");
    await(() -> queue.waiting() == 1, "b queued");
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
    assertTrue(a.now(() -> a.turn.holdsSlot()));
    a.close();
    assertEquals(0, queue.busy());
  }
}
