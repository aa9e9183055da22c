package io.emqx.mcp.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Single-use confirmation tokens for clients that cannot ask their user (no elicitation). A token
 * is bound to the {@link Owner} it was issued to (the MCP session), one tool and the exact
 * arguments (a hash of their canonical JSON), and expires after {@link #TTL}. Redeeming consumes it
 * whether or not it fits, so a token cannot be tried against other arguments; a token of another
 * owner is not even seen (and so not consumed: a hostile session cannot burn another's token by
 * guessing it).
 *
 * <p>Bounds: each owner holds at most {@link #PER_OWNER} pending tokens (its oldest goes first),
 * each caller (over all its sessions) at most {@link #PER_CALLER}, and all owners together at most
 * {@link #MAX_PENDING}. When a caller's or the total bound is reached no token is evicted for a
 * newcomer: one caller's previews must never push out another's pending confirmation, so the new
 * preview is refused instead ({@link #issue} returns null).
 *
 * <p>Issuing is O(1) amortized: tokens expire in the order they were issued (one TTL for all), so
 * expiry pops from the head of one queue instead of walking every pending token.
 */
final class Confirmations {

  static final Duration TTL = Duration.ofMinutes(2);

  /** Pending tokens per owner: a person confirms one change at a time, a handful is plenty. */
  static final int PER_OWNER = 16;

  /** Pending tokens of all owners together. */
  static final int MAX_PENDING = 10_000;

  /** Pending tokens of one caller over all its sessions. */
  static final int PER_CALLER = 256;

  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /**
   * Whom a token belongs to: the MCP session and the caller's identity ({@link Identity#key()}), so
   * that a token never crosses either.
   */
  record Owner(String session, String identity) {}

  private record Pending(
      Owner owner, String token, String tool, String argsHash, long expiresAtNanos) {}

  /** Per owner, tokens in the order issued (oldest first). Guarded by {@code this}. */
  private final Map<Owner, LinkedHashMap<String, Pending>> pending = new LinkedHashMap<>();

  /**
   * Every token issued, oldest first: the expiry order. A token redeemed or evicted early stays
   * here until it reaches the head (or a compaction), where it is seen to be gone.
   */
  private final ArrayDeque<Pending> issued = new ArrayDeque<>();

  /** Pending tokens per caller identity. */
  private final Map<String, Integer> perCaller = new HashMap<>();

  private final SecureRandom random = new SecureRandom();
  private final LongSupplier clock;
  private int total;

  /**
   * MRTR states already presented, by nonce, with when they may be forgotten (guarded by {@code
   * this}). A state is sealed (HMAC) and expires after {@link #TTL}, so it only needs remembering
   * for that long: at most {@link #MAX_PENDING}, and every presentation passed the mutation rate
   * limit first, so the set stays far below that.
   */
  private final LinkedHashMap<String, Long> spent = new LinkedHashMap<>();

  Confirmations(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * A fresh token for this owner, tool and arguments; null when all owners together hold too many.
   */
  synchronized String issue(Owner owner, String tool, Map<String, Object> args) {
    long now = clock.getAsLong();
    expire(now);
    LinkedHashMap<String, Pending> mine = pending.get(owner);
    if (mine != null && mine.size() >= PER_OWNER) {
      forget(mine.values().iterator().next());
    }
    if (total >= MAX_PENDING || perCaller.getOrDefault(owner.identity(), 0) >= PER_CALLER) {
      return null;
    }
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Pending p = new Pending(owner, token, tool, hash(args), now + TTL.toNanos());
    pending.computeIfAbsent(owner, o -> new LinkedHashMap<>()).put(token, p);
    issued.addLast(p);
    total++;
    perCaller.merge(owner.identity(), 1, Integer::sum);
    if (issued.size() > 2 * MAX_PENDING) {
      // Early-gone tokens pile up only as fast as tokens are issued: dropping them here, at most
      // once per MAX_PENDING issues, keeps issuing O(1) amortized and the queue bounded.
      issued.removeIf(q -> !live(q));
    }
    return token;
  }

  private boolean live(Pending p) {
    LinkedHashMap<String, Pending> mine = pending.get(p.owner());
    return mine != null && mine.get(p.token()) == p;
  }

  /** Removes a pending token from every count (it stays in {@link #issued} as a tombstone). */
  private void forget(Pending p) {
    LinkedHashMap<String, Pending> mine = pending.get(p.owner());
    if (mine == null || mine.remove(p.token()) == null) {
      return;
    }
    if (mine.isEmpty()) {
      pending.remove(p.owner());
    }
    total--;
    perCaller.computeIfPresent(p.owner().identity(), (k, n) -> n > 1 ? n - 1 : null);
  }

  /**
   * True when this owner holds the token, for this tool and these arguments, and it has not
   * expired.
   */
  synchronized boolean redeem(Owner owner, String token, String tool, Map<String, Object> args) {
    LinkedHashMap<String, Pending> mine = pending.get(owner);
    Pending p = mine == null ? null : mine.get(token);
    if (p == null) {
      return false;
    }
    forget(p);
    return p.tool().equals(tool)
        && p.argsHash().equals(hash(args))
        && clock.getAsLong() < p.expiresAtNanos();
  }

  /**
   * The state of a 2026-07-28 confirmation round (MRTR) for this tool and these arguments: what the
   * server seals into the {@code requestState} it hands out. Nothing is stored: the seal (an HMAC
   * with a per-process key and an expiry) is what makes it unforgeable, and the nonce is what makes
   * it single-use once presented.
   */
  String roundState(String tool, Map<String, Object> args) {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("tool", tool);
    state.put("args", hash(args));
    state.put("nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    try {
      return CANONICAL.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Why a presented round state does not allow this call. */
  enum RoundRefusal {
    INVALID,
    OTHER_CALL,
    SPENT,
    FULL
  }

  /**
   * Checks an opened {@code requestState} against the call and spends it: null when it is one of
   * ours, for this tool and these arguments, and was never presented before. A state of ours is
   * spent whether or not it fits, so that it cannot be tried again.
   */
  synchronized RoundRefusal redeemRound(String state, String tool, Map<String, Object> args) {
    if (state == null || ConfirmRound.INVALID_STATE.equals(state)) {
      return RoundRefusal.INVALID;
    }
    Map<?, ?> fields;
    try {
      fields = CANONICAL.readValue(state, Map.class);
    } catch (IOException | RuntimeException e) {
      return RoundRefusal
          .INVALID; // sealed by us, so never: but a seal is no reason to trust a parser
    }
    if (!(fields.get("nonce") instanceof String nonce)) {
      return RoundRefusal.INVALID;
    }
    long now = clock.getAsLong();
    // Insertion order is expiry order (one TTL for all): forget from the oldest until one is live.
    var oldest = spent.values().iterator();
    while (oldest.hasNext() && oldest.next() <= now) {
      oldest.remove();
    }
    if (spent.containsKey(nonce)) {
      return RoundRefusal.SPENT;
    }
    if (spent.size() >= MAX_PENDING) {
      return RoundRefusal.FULL;
    }
    spent.put(nonce, now + TTL.toNanos());
    return tool.equals(fields.get("tool")) && hash(args).equals(fields.get("args"))
        ? null
        : RoundRefusal.OTHER_CALL;
  }

  /** Round states remembered as spent (for tests and bounds). */
  synchronized int spentRounds() {
    return spent.size();
  }

  /** Pending tokens of this owner (for tests and bounds). */
  synchronized int pendingOf(Owner owner) {
    LinkedHashMap<String, Pending> mine = pending.get(owner);
    return mine == null ? 0 : mine.size();
  }

  /** Drops the expired tokens: they are at the head of {@link #issued}. */
  private void expire(long now) {
    while (!issued.isEmpty() && issued.peekFirst().expiresAtNanos() <= now) {
      forget(issued.pollFirst());
    }
  }

  /** Pending tokens of all owners (for tests and bounds). */
  synchronized int total() {
    return total;
  }

  /** The arguments without the token itself, in canonical JSON, hashed. */
  static String hash(Map<String, Object> args) {
    Map<String, Object> rest = new TreeMap<>(args);
    rest.remove(Policy.CONFIRM_TOKEN);
    try {
      byte[] json = CANONICAL.writeValueAsBytes(rest);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
