package io.emqx.mcp.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
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
 * and all owners together at most {@link #MAX_PENDING}. When that total is reached no token is
 * evicted for a newcomer: one caller's previews must never push out another's pending confirmation,
 * so the new preview is refused instead ({@link #issue} returns null).
 */
final class Confirmations {

  static final Duration TTL = Duration.ofMinutes(2);

  /** Pending tokens per owner: a person confirms one change at a time, a handful is plenty. */
  static final int PER_OWNER = 16;

  /** Pending tokens of all owners together. */
  static final int MAX_PENDING = 10_000;

  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /**
   * Whom a token belongs to: the MCP session, and (once HTTP callers are authenticated one by one)
   * the caller's identity, so that a token never crosses either. {@code identity} is null today.
   */
  record Owner(String session, String identity) {}

  private record Pending(String token, String tool, String argsHash, long expiresAtNanos) {}

  /** Per owner, tokens in the order issued (oldest first). Guarded by {@code this}. */
  private final Map<Owner, LinkedHashMap<String, Pending>> pending = new LinkedHashMap<>();

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
    LinkedHashMap<String, Pending> mine =
        pending.computeIfAbsent(owner, o -> new LinkedHashMap<>());
    if (mine.size() >= PER_OWNER) {
      String oldest = mine.keySet().iterator().next();
      mine.remove(oldest);
      total--;
    }
    if (total >= MAX_PENDING) {
      if (mine.isEmpty()) {
        pending.remove(owner);
      }
      return null;
    }
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    mine.put(token, new Pending(token, tool, hash(args), now + TTL.toNanos()));
    total++;
    return token;
  }

  /**
   * True when this owner holds the token, for this tool and these arguments, and it has not
   * expired.
   */
  synchronized boolean redeem(Owner owner, String token, String tool, Map<String, Object> args) {
    LinkedHashMap<String, Pending> mine = pending.get(owner);
    Pending p = mine == null ? null : mine.remove(token);
    if (p == null) {
      return false;
    }
    total--;
    if (mine.isEmpty()) {
      pending.remove(owner);
    }
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

  private void expire(long now) {
    var owners = pending.values().iterator();
    while (owners.hasNext()) {
      LinkedHashMap<String, Pending> mine = owners.next();
      int before = mine.size();
      mine.values().removeIf(p -> p.expiresAtNanos() <= now);
      total -= before - mine.size();
      if (mine.isEmpty()) {
        owners.remove();
      }
    }
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
