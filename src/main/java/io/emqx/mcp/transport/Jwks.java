package io.emqx.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.proc.SecurityContext;
import io.emqx.mcp.Json;
import io.emqx.mcp.config.CallerSettings;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys, fetched: from {@code jwks-url}, or from the {@code jwks_uri} of the
 * issuer's discovery document (OpenID Connect's {@code /.well-known/openid-configuration}, then RFC
 * 8414's {@code /.well-known/oauth-authorization-server}), found once and kept. Every fetch is
 * bounded in time ({@link #TIMEOUT}, the whole exchange, body included, so a slow-dripping endpoint
 * cannot hold a thread) and in size ({@link #MAX_BYTES}). Caching and the refresh rate limit are
 * Nimbus's, around this source ({@link JwtVerifier}): this class never decides when to fetch.
 */
final class Jwks implements JWKSetSource<SecurityContext> {

  private static final Logger LOG = LoggerFactory.getLogger(Jwks.class);

  /**
   * The longest one fetch (discovery or keys) may take, from connecting to the body's last byte.
   */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  /** A key set or discovery document larger than this is refused (real ones are a few KiB). */
  static final int MAX_BYTES = 256 * 1024;

  private final CallerSettings.OAuth oauth;
  private final HttpClient http;
  private volatile URI keys;
  private volatile int fetches;

  Jwks(CallerSettings.OAuth oauth) {
    this.oauth = oauth;
    this.keys = oauth.jwksUrl();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public JWKSet getJWKSet(
      JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
      throws KeySourceException {
    URI where = keys != null ? keys : discover();
    String body = fetch(where, "the issuer's keys (JWKS)");
    try {
      return JWKSet.parse(body);
    } catch (ParseException e) {
      throw new JWKSetUnavailableException("the issuer's keys at " + where + " are not a JWK set");
    }
  }

  /** The issuer's {@code jwks_uri}, from its discovery document; kept once found. */
  private URI discover() throws KeySourceException {
    String issuer = oauth.issuer().replaceAll("/+$", "");
    URI base = URI.create(issuer);
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    List<URI> candidates =
        List.of(
            URI.create(issuer + "/.well-known/openid-configuration"),
            base.resolve("/.well-known/oauth-authorization-server" + path));
    KeySourceException last = null;
    for (URI candidate : candidates) {
      try {
        JsonNode doc = Json.MAPPER.readTree(fetch(candidate, "the issuer's discovery document"));
        if (!oauth.issuer().equals(doc.path("issuer").asText())) {
          last =
              new JWKSetUnavailableException(
                  "the discovery document at " + candidate + " names another issuer");
          continue;
        }
        String jwksUri = doc.path("jwks_uri").asText("");
        URI found = URI.create(jwksUri);
        boolean https = "https".equalsIgnoreCase(found.getScheme());
        boolean localHttp =
            "http".equalsIgnoreCase(found.getScheme())
                && found.getHost() != null
                && "http".equalsIgnoreCase(base.getScheme());
        if (found.getHost() == null || !(https || localHttp)) {
          last =
              new JWKSetUnavailableException(
                  "the discovery document at " + candidate + " has no https jwks_uri");
          continue;
        }
        keys = found;
        return found;
      } catch (KeySourceException e) {
        last = e;
      } catch (java.io.IOException | IllegalArgumentException e) {
        last =
            new JWKSetUnavailableException(
                "the discovery document at " + candidate + " is not JSON with a jwks_uri");
      }
    }
    throw last;
  }

  /** One GET, bounded in time and size; its body as text. */
  private String fetch(URI uri, String what) throws KeySourceException {
    fetches++;
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    CompletableFuture<HttpResponse<byte[]>> sent =
        http.sendAsync(request, info -> new Bounded(info.statusCode()));
    try {
      HttpResponse<byte[]> response = sent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (response.statusCode() != 200) {
        throw new JWKSetUnavailableException(
            what + " at " + uri + " answered HTTP " + response.statusCode());
      }
      return new String(response.body(), StandardCharsets.UTF_8);
    } catch (TimeoutException e) {
      sent.cancel(true);
      LOG.warn("fetching {} at {} took longer than {}", what, uri, TIMEOUT);
      throw new JWKSetUnavailableException(what + " at " + uri + " did not answer in " + TIMEOUT);
    } catch (ExecutionException e) {
      String why =
          e.getCause() instanceof TooLarge
              ? "is larger than " + MAX_BYTES + " bytes"
              : "could not be fetched (" + Jwks.why(e.getCause()) + ")";
      LOG.warn("{} at {} {}", what, uri, why);
      throw new JWKSetUnavailableException(what + " at " + uri + " " + why);
    } catch (InterruptedException e) {
      sent.cancel(true);
      Thread.currentThread().interrupt();
      throw new JWKSetUnavailableException("interrupted while fetching " + what);
    }
  }

  /** How many fetches were made (tests: the refresh rate limit). */
  int fetches() {
    return fetches;
  }

  @Override
  public void close() {}

  private static final class TooLarge extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("too large");
    }
  }

  /** A body collected up to {@link #MAX_BYTES}; beyond, the exchange is cancelled. */
  private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int status;
    private Flow.Subscription subscription;

    Bounded(int status) {
      this.status = status;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        if (bytes.size() + b.remaining() > MAX_BYTES) {
          subscription.cancel();
          body.completeExceptionally(new TooLarge());
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      body.complete(status == 200 ? bytes.toByteArray() : new byte[0]);
    }
  }

  /** The cause in words, for the log and the 401's reason: a message, never a class name. */
  private static String why(Throwable cause) {
    String said = cause == null ? null : cause.getMessage();
    if (said != null && !said.isBlank()) {
      return said;
    }
    return cause instanceof java.net.ConnectException
        ? "connection refused"
        : cause instanceof java.net.http.HttpTimeoutException ? "timed out" : "no answer";
  }
}
