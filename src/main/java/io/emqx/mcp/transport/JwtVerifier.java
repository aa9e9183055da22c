package io.emqx.mcp.transport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.emqx.mcp.config.CallerSettings;
import io.emqx.mcp.config.Role;
import io.emqx.mcp.policy.Identity;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a JWT access token of the configured issuer (MCP authorization: this server is an OAuth
 * 2.1 resource server) and finds the caller's role in it. In this order: the algorithm is one of
 * {@link #ALGORITHMS} (asymmetric only: {@code none} and HMAC, which a public key would "verify",
 * are refused); the signature, with the issuer's key of the token's {@code kid} (keys cached, an
 * unknown {@code kid} refreshes them at most twice per {@link #REFRESH_INTERVAL}, never per
 * request); {@code iss} exactly; {@code exp} (required) and {@code nbf} within the clock skew;
 * {@code aud} naming this server's resource URL or the configured audience; {@code sub}; then the
 * roles claim. Messages name the claim that failed, never the token.
 */
final class JwtVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);

  /** RSA, RSA-PSS and ECDSA signatures: what identity providers sign access tokens with. */
  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  /** Keys are kept this long before they are fetched again (then at most once per interval). */
  static final Duration CACHE_TTL = Duration.ofMinutes(5);

  /**
   * An unknown {@code kid} refreshes the keys at most twice in this interval (Nimbus's limiter).
   */
  static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);

  /**
   * Kept past their TTL while the issuer cannot be reached, so an outage does not lock callers out.
   */
  static final Duration OUTAGE_TOLERANCE = Duration.ofMinutes(30);

  /** A subject longer than this is cut in the identity (it appears in the audit log). */
  static final int MAX_SUBJECT_CHARS = 256;

  private static final Pattern JWT =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  private final CallerSettings.OAuth oauth;
  private final Jwks fetch;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Clock clock;

  JwtVerifier(CallerSettings.OAuth oauth, Clock clock) {
    this.oauth = oauth;
    this.clock = clock;
    this.fetch = new Jwks(oauth);
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(fetch)
            .cache(CACHE_TTL.toMillis(), Jwks.TIMEOUT.toMillis())
            .refreshAheadCache(false)
            .rateLimited(REFRESH_INTERVAL.toMillis())
            .retrying(false)
            .outageTolerant(OUTAGE_TOLERANCE.toMillis())
            .build();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    // RFC 9068 access tokens say "at+jwt"; many providers still say "JWT" or nothing.
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    // Claims are checked below, one by one, so that each refusal says which claim failed.
    processor.setJWTClaimsSetVerifier((claims, context) -> {});
  }

  /** A compact JWS's shape: three base64url parts. */
  static boolean looksLikeJwt(String token) {
    return JWT.matcher(token).matches();
  }

  /** How many times the issuer was asked for keys or discovery (tests). */
  int fetches() {
    return fetch.fetches();
  }

  Authenticator.Outcome verify(String token, String resource) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      return Authenticator.invalid("the bearer token is not a well-formed JWT");
    } catch (BadJOSEException e) {
      return Authenticator.invalid(
          "the access token's signature does not verify with the issuer's keys, or its algorithm "
              + "is not accepted (RS*, PS*, ES*; never none or HMAC)");
    } catch (RateLimitReachedException e) {
      return Authenticator.invalid(
          "the access token is signed with a key the issuer does not publish (unknown kid)");
    } catch (JOSEException e) {
      LOG.warn("cannot check OAuth access tokens: {}", e.getMessage());
      return new Authenticator.Refused(
          503,
          "temporarily_unavailable",
          "the issuer's signing keys cannot be fetched right now; retry shortly",
          5);
    }
    return claims(claims, resource);
  }

  private Authenticator.Outcome claims(JWTClaimsSet claims, String resource) {
    if (!oauth.issuer().equals(claims.getIssuer())) {
      return Authenticator.invalid(
          "the access token's iss is not this server's issuer " + oauth.issuer());
    }
    Date now = Date.from(clock.instant());
    long skew = oauth.clockSkew().toMillis();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      return Authenticator.invalid("the access token has no exp");
    }
    if (now.getTime() - skew >= exp.getTime()) {
      return Authenticator.invalid("the access token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.getTime() + skew < nbf.getTime()) {
      return Authenticator.invalid("the access token is not valid yet (nbf)");
    }
    List<String> audience = claims.getAudience();
    boolean ours =
        audience.contains(resource)
            || !oauth.audience().isEmpty() && audience.contains(oauth.audience());
    if (!ours) {
      return Authenticator.invalid(
          "the access token's aud does not name this server ("
              + resource
              + (oauth.audience().isEmpty() ? "" : " or " + oauth.audience())
              + "): it was issued for another resource");
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      return Authenticator.invalid("the access token has no sub");
    }
    String who = subject.replaceAll("\\p{Cntrl}", "?");
    if (who.length() > MAX_SUBJECT_CHARS) {
      who = who.substring(0, MAX_SUBJECT_CHARS) + "…";
    }
    Role role = role(claims);
    if (role == null) {
      return new Authenticator.Refused(
          403,
          "insufficient_scope",
          "the access token grants no role of this server: its claim '"
              + oauth.rolesClaim()
              + "' holds none of "
              + (oauth.roleMapping().isEmpty()
                  ? String.join(", ", Role.ids())
                  : String.join(", ", oauth.roleMapping().keySet()))
              + "; the viewer role at least is needed",
          0);
    }
    return new Authenticator.Accepted(Identity.oauth(who, oauth.issuer(), role));
  }

  /** The highest role the roles claim grants, or null. */
  private Role role(JWTClaimsSet claims) {
    // A claim named with dots (Auth0's namespaced "https://mcp.example.com/roles") is taken whole;
    // otherwise the dots walk into nested objects (Keycloak's realm_access.roles).
    Object value = claims.getClaim(oauth.rolesClaim());
    if (value == null) {
      value = claims.getClaims();
      for (String part : oauth.rolesClaim().split("\\.")) {
        value = value instanceof Map<?, ?> m ? m.get(part) : null;
      }
    }
    List<String> values = new ArrayList<>();
    if (value instanceof String s) {
      // A space-separated string, as the "scope" claim is.
      values.addAll(List.of(s.trim().split("\\s+")));
    } else if (value instanceof List<?> list) {
      list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(values::add);
    }
    Role best = null;
    for (String v : values) {
      Role r = oauth.roleOf(v);
      if (r != null && (best == null || r.compareTo(best) > 0)) {
        best = r;
      }
    }
    return best;
  }
}
