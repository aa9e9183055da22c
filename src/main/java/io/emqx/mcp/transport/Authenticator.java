package io.emqx.mcp.transport;

import io.emqx.mcp.config.CallerSettings;
import io.emqx.mcp.policy.Identity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Tells HTTP callers apart by their bearer token: a named static token ({@code mcp.http.tokens},
 * {@code auth-token}) or, when an issuer is configured, a JWT access token of that issuer ({@link
 * JwtVerifier}). Static tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual},
 * against every configured token whatever matches, so that neither the time taken nor the digest
 * length says anything about a token's characters, its length or which token came close.
 */
final class Authenticator {

  /**
   * Longer bearer values are not even hashed. Jetty's header limit (8 KiB) stops larger ones first.
   */
  static final int MAX_TOKEN_CHARS = 8 * 1024;

  /** What a request's credentials amount to: an identity, or a refusal to answer with. */
  sealed interface Outcome permits Accepted, Refused {}

  record Accepted(Identity identity) implements Outcome {}

  /**
   * @param error RFC 6750's error code for {@code WWW-Authenticate} and the body, or null when no
   *     credentials came (then the header carries none, as RFC 6750 §3.1 asks)
   * @param retryAfterSeconds for a 503, or 0
   */
  record Refused(int status, String error, String description, int retryAfterSeconds)
      implements Outcome {}

  private record Digest(byte[] sha256, CallerSettings.NamedToken token) {}

  private final List<Digest> tokens;
  private final JwtVerifier jwt;

  /**
   * @param jwt the issuer's verifier, or null when no issuer is configured
   */
  Authenticator(CallerSettings callers, JwtVerifier jwt) {
    this.tokens =
        callers.tokens().stream().map(t -> new Digest(sha256(t.token().reveal()), t)).toList();
    this.jwt = jwt;
  }

  /** Whether callers must authenticate at all (else every caller is {@link Identity#ANONYMOUS}). */
  boolean required() {
    return !tokens.isEmpty() || jwt != null;
  }

  boolean oauth() {
    return jwt != null;
  }

  /**
   * The caller of a request with this {@code Authorization} header (null: none).
   *
   * @param resource this server's resource URL as the request reached it (an accepted audience)
   */
  Outcome authenticate(String authorization, String resource) {
    if (!required()) {
      return new Accepted(Identity.ANONYMOUS);
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Refused(
          401,
          null,
          "this server needs 'Authorization: Bearer <token>' ("
              + (jwt != null
                  ? "an access token of its OAuth issuer, or a token of mcp.http.tokens"
                  : "mcp.http.auth-token or mcp.http.tokens")
              + ")",
          0);
    }
    String presented = authorization.substring(7).trim();
    if (presented.isEmpty() || presented.length() > MAX_TOKEN_CHARS) {
      return invalid("the bearer token is empty or too long");
    }
    byte[] digest = sha256(presented);
    CallerSettings.NamedToken match = null;
    for (Digest d : tokens) {
      // No early exit: every digest is compared, whichever matches.
      if (MessageDigest.isEqual(d.sha256(), digest)) {
        match = d.token();
      }
    }
    if (match != null) {
      return new Accepted(Identity.token(match.name(), match.role()));
    }
    if (jwt != null && JwtVerifier.looksLikeJwt(presented)) {
      return jwt.verify(presented, resource);
    }
    return invalid(
        jwt != null
            ? "the bearer token is neither a token of this server nor a valid access token of its issuer"
            : "the bearer token is not one of this server's (mcp.http.auth-token, mcp.http.tokens)");
  }

  static Refused invalid(String why) {
    return new Refused(401, "invalid_token", why, 0);
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
