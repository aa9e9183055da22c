package io.emqx.mcp.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.emqx.mcp.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A local OAuth issuer for tests: generated RSA and EC keys, a discovery document at {@code
 * /.well-known/openid-configuration}, the public keys at {@code /jwks}, and access tokens signed
 * with whichever key a test picks. The JWKS endpoint can be made slow (it waits until released) or
 * huge, and counts how often it is asked.
 */
public final class TestIssuer implements AutoCloseable {

  public final RSAKey rsa;
  public final ECKey ec;

  /** A key generated but not published until {@link #rotate()}. */
  public final RSAKey next;

  private final HttpServer server;
  private final List<JWK> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger jwksHits = new AtomicInteger();
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private volatile boolean huge;

  public TestIssuer() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    published.add(rsa.toPublicJWK());
    published.add(ec.toPublicJWK());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/.well-known/openid-configuration",
        x -> send(x, Map.of("issuer", issuer(), "jwks_uri", issuer() + "/jwks")));
    server.createContext("/jwks", this::jwks);
    server.start();
  }

  /** The issuer URL (also the base of its endpoints). */
  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Publishes {@link #next} too, as a provider does before it signs with a new key. */
  public void rotate() {
    published.add(next.toPublicJWK());
  }

  /** From now on, the JWKS endpoint answers only once {@link #release()} is called. */
  public void holdJwks() {
    hold = new CountDownLatch(1);
  }

  public void release() {
    hold.countDown();
  }

  /** From now on, the JWKS endpoint sends 1 MiB of keys. */
  public void hugeJwks() {
    huge = true;
  }

  public int jwksHits() {
    return jwksHits.get();
  }

  /** Claims of a token for {@code audience}, valid for five minutes, with {@code roles}. */
  public JWTClaimsSet.Builder claims(String subject, String audience, List<String> roles) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .subject(subject)
        .audience(audience)
        .issueTime(java.util.Date.from(now))
        .expirationTime(java.util.Date.from(now.plusSeconds(300)))
        .claim("realm_access", Map.of("roles", roles));
  }

  public String sign(JWK key, JWTClaimsSet claims) throws Exception {
    return sign(key, claims, h -> {});
  }

  /**
   * The claims signed with {@code key} (RS256 or ES256), the header as {@code header} leaves it.
   */
  public String sign(JWK key, JWTClaimsSet claims, Consumer<JWSHeader.Builder> header)
      throws Exception {
    boolean isRsa = key instanceof RSAKey;
    JWSHeader.Builder h =
        new JWSHeader.Builder(isRsa ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256)
            .keyID(key.getKeyID())
            .type(new JOSEObjectType("at+jwt"));
    header.accept(h);
    SignedJWT jwt = new SignedJWT(h.build(), claims);
    jwt.sign(isRsa ? new RSASSASigner((RSAKey) key) : new ECDSASigner((ECKey) key));
    return jwt.serialize();
  }

  private void jwks(HttpExchange x) throws IOException {
    jwksHits.incrementAndGet();
    try {
      hold.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (huge) {
      byte[] body = ("{\"keys\":[],\"pad\":\"" + "x".repeat(1 << 20) + "\"}").getBytes();
      x.sendResponseHeaders(200, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      } catch (IOException ignored) {
        // the server under test stopped reading: what a size bound does
      }
      return;
    }
    send(x, new JWKSet(published).toJSONObject(true));
  }

  private static void send(HttpExchange x, Map<String, Object> body) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
