package io.emqx.mcp.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Single-use confirmation tokens for clients that cannot ask their user (no elicitation). A token
 * is bound to one tool and the exact arguments (a hash of their canonical JSON) and expires after
 * {@link #TTL}. Redeeming consumes it whether or not it fits, so a token cannot be tried against
 * other arguments.
 */
final class Confirmations {

  static final Duration TTL = Duration.ofMinutes(2);
  /** Unredeemed tokens kept at most; older ones are dropped first when a new one is issued. */
  private static final int MAX_PENDING = 1000;
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private record Pending(String tool, String argsHash, long expiresAtNanos) {}

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final LongSupplier clock;

  Confirmations(LongSupplier clock) {
    this.clock = clock;
  }

  String issue(String tool, Map<String, Object> args) {
    long now = clock.getAsLong();
    pending.values().removeIf(p -> p.expiresAtNanos() <= now);
    if (pending.size() >= MAX_PENDING) {
      pending.entrySet().stream().min(Map.Entry.comparingByValue(
          java.util.Comparator.comparingLong(Pending::expiresAtNanos))).ifPresent(e -> pending.remove(e.getKey()));
    }
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    pending.put(token, new Pending(tool, hash(args), now + TTL.toNanos()));
    return token;
  }

  /** True when the token was issued for this tool and these arguments and has not expired. */
  boolean redeem(String token, String tool, Map<String, Object> args) {
    Pending p = pending.remove(token);
    return p != null && p.tool().equals(tool) && p.argsHash().equals(hash(args))
        && clock.getAsLong() < p.expiresAtNanos();
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
