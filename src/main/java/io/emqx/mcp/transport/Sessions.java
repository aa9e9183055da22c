package io.emqx.mcp.transport;

import io.emqx.mcp.config.Role;
import io.emqx.mcp.policy.Identity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The streamable-HTTP sessions alive, by owner (a remote address), so that their number stays
 * within {@code mcp.http.max-sessions} and {@code max-sessions-per-client}. The SDK keeps its
 * sessions in a map of its own with no limit; this registry follows it from the outside: a session
 * enters when the SDK answers an {@code initialize} with its id, and leaves when it is deleted,
 * when the SDK answers 404 for it, or when it is evicted here.
 *
 * <p>At a limit, a new session takes the place of the idle session with the oldest activity: idle
 * means no request of it in flight, which includes an open GET stream (a client that listens is not
 * idle). When there is none, the new session is refused. Evicted and expired sessions are closed
 * through {@code closer}, outside the lock.
 *
 * <p>Legacy HTTP+SSE sessions are kept apart ({@link #streamOpened}): each lives exactly as long as
 * its {@code GET /sse} stream, which the connection limits bound, and belongs to the caller that
 * opened it; they count towards no session limit.
 */
final class Sessions {

  /**
   * A place held for an {@code initialize} on its way through the SDK.
   *
   * @param caller who opened it (an {@code Identity} key; "" without authentication): the session
   *     is theirs alone
   */
  record Ticket(String owner, String caller) {}

  /** What {@link #enter} makes of a request's session id. */
  enum Admission {
    /** The session is known, and the request's caller opened it. */
    ADMITTED,
    /** No such session (never, or no longer). */
    UNKNOWN,
    /**
     * Another caller's session: answered as unknown, so that a session id that leaked (a log, a
     * proxy) opens neither its stream nor its DELETE to anyone else, nor says that it exists.
     */
    FOREIGN
  }

  private static final class Entry {
    final String owner;
    final String caller;
    long lastActive;
    int busy;

    Entry(String owner, String caller, long now) {
      this.owner = owner;
      this.caller = caller;
      this.lastActive = now;
    }
  }

  private final int max;
  private final int maxPerOwner;
  private final long idleNanos;
  private final LongSupplier clock;
  private final Map<String, Entry> byId = new HashMap<>();

  /** Sessions and tickets per owner. */
  private final Map<String, Integer> perOwner = new HashMap<>();

  private int tickets;

  /** Legacy SSE sessions by id: who opened each stream. */
  private final Map<String, Identity> streams = new HashMap<>();

  /**
   * What a message to a legacy SSE session may do.
   *
   * @param actsAs who the message acts as (the opener, with the lower of the two roles); null
   *     unless {@link Admission#ADMITTED}
   */
  record StreamMessage(Admission admission, Identity actsAs) {}

  Sessions(int max, int maxPerOwner, Duration idleTimeout, LongSupplier clock) {
    this.max = max;
    this.maxPerOwner = maxPerOwner;
    this.idleNanos = idleTimeout.toNanos();
    this.clock = clock;
  }

  /**
   * Holds a place for a new session of {@code owner}, evicting an idle session if a limit is
   * reached (its id goes to {@code closer}).
   *
   * @return the ticket to pass to {@link #opened} or {@link #cancel}; null when no place can be
   *     made
   */
  Ticket reserve(String owner, Consumer<String> closer) {
    return reserve(owner, "", closer);
  }

  /** {@link #reserve(String, Consumer)} for a session that only {@code caller} may use. */
  Ticket reserve(String owner, String caller, Consumer<String> closer) {
    List<String> closing = new ArrayList<>();
    Ticket ticket;
    synchronized (this) {
      long now = clock.getAsLong();
      expire(now, closing);
      ticket = new Ticket(owner, caller == null ? "" : caller);
      if (perOwner.getOrDefault(owner, 0) >= maxPerOwner && !evictIdle(owner, closing)
          || byId.size() + tickets >= max && !evictIdle(null, closing)) {
        ticket = null;
      } else {
        perOwner.merge(owner, 1, Integer::sum);
        tickets++;
      }
    }
    closing.forEach(closer);
    return ticket;
  }

  /** The SDK opened the session {@code id} for the ticket. */
  synchronized void opened(Ticket ticket, String id) {
    tickets--;
    Entry previous = byId.put(id, new Entry(ticket.owner(), ticket.caller(), clock.getAsLong()));
    if (previous != null) {
      release(previous.owner); // the SDK reused an id: count it once
    }
  }

  /** The {@code initialize} failed: give the place back. */
  synchronized void cancel(Ticket ticket) {
    tickets--;
    release(ticket.owner());
  }

  /** A request of session {@code id} starts; false when the session is not (or no longer) known. */
  synchronized boolean enter(String id) {
    return enter(id, null) == Admission.ADMITTED;
  }

  /**
   * A request of session {@code id} by {@code caller} starts (null: whoever opened it); only an
   * {@link Admission#ADMITTED} one is counted, and must {@link #leave}.
   */
  synchronized Admission enter(String id, String caller) {
    Entry e = byId.get(id);
    if (e == null) {
      return Admission.UNKNOWN;
    }
    if (caller != null && !e.caller.equals(caller)) {
      return Admission.FOREIGN;
    }
    e.busy++;
    e.lastActive = clock.getAsLong();
    return Admission.ADMITTED;
  }

  /**
   * The SDK handed {@code opener} the legacy SSE session {@code id} ({@code GET /sse}): until
   * {@link #streamClosed}, messages to it are the opener's alone.
   */
  synchronized void streamOpened(String id, Identity opener) {
    streams.put(id, opener);
  }

  /** The stream of legacy SSE session {@code id} ended, and with it the session. */
  synchronized void streamClosed(String id) {
    streams.remove(id);
  }

  /**
   * A {@code POST /message} of {@code caller} to legacy SSE session {@code id}. Admitted only for
   * the caller that opened the stream, and then it acts as the opener: the role is the opener's, or
   * the message's own when lower (an OAuth subject whose roles shrank since the stream opened keeps
   * no more than its current token grants).
   */
  synchronized StreamMessage streamMessage(String id, Identity caller) {
    Identity opener = streams.get(id);
    if (opener == null) {
      return new StreamMessage(Admission.UNKNOWN, null);
    }
    if (!opener.key().equals(caller.key())) {
      return new StreamMessage(Admission.FOREIGN, null);
    }
    Role role = caller.role().compareTo(opener.role()) < 0 ? caller.role() : opener.role();
    Identity actsAs =
        role == opener.role()
            ? opener
            : new Identity(opener.kind(), opener.name(), opener.issuer(), role);
    return new StreamMessage(Admission.ADMITTED, actsAs);
  }

  /** The legacy SSE sessions open. */
  synchronized int streams() {
    return streams.size();
  }

  /** A request that {@link #enter} admitted has ended. */
  synchronized void leave(String id) {
    Entry e = byId.get(id);
    if (e != null) {
      e.busy = Math.max(0, e.busy - 1);
      e.lastActive = clock.getAsLong();
    }
  }

  /** The session ended (deleted, or unknown to the SDK). */
  synchronized void closed(String id) {
    Entry e = byId.remove(id);
    if (e != null) {
      release(e.owner);
    }
  }

  /** Whether session {@code id} has a request in flight (an open stream counts). */
  synchronized boolean busy(String id) {
    Entry e = byId.get(id);
    return e != null && e.busy > 0;
  }

  synchronized int size() {
    return byId.size();
  }

  synchronized int size(String owner) {
    return (int) byId.values().stream().filter(e -> e.owner.equals(owner)).count();
  }

  /** Drops sessions idle past the idle timeout: the SDK's sweeper closes them too, later. */
  private void expire(long now, List<String> closing) {
    var it = byId.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue().busy == 0 && now - e.getValue().lastActive > idleNanos) {
        it.remove();
        release(e.getValue().owner);
        closing.add(e.getKey());
      }
    }
  }

  /**
   * Evicts the idle session (of {@code owner}, or of anyone when null) with the oldest activity.
   */
  private boolean evictIdle(String owner, List<String> closing) {
    String oldest = null;
    long oldestActive = 0;
    for (var e : byId.entrySet()) {
      Entry s = e.getValue();
      if (s.busy == 0
          && (owner == null || s.owner.equals(owner))
          && (oldest == null || s.lastActive - oldestActive < 0)) {
        oldest = e.getKey();
        oldestActive = s.lastActive;
      }
    }
    if (oldest == null) {
      return false;
    }
    closed(oldest);
    closing.add(oldest);
    return true;
  }

  private void release(String owner) {
    perOwner.computeIfPresent(owner, (o, n) -> n <= 1 ? null : n - 1);
  }
}
