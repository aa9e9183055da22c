package io.emqx.mcp.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static io.emqx.mcp.support.WireMockEmqx.requestedAny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.emqx.mcp.Json;
import io.emqx.mcp.config.CallerSettings;
import io.emqx.mcp.config.HttpSettings;
import io.emqx.mcp.config.Role;
import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.policy.AuditLog;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.Modern;
import io.emqx.mcp.support.ModernWire;
import io.emqx.mcp.support.RawHttp;
import io.emqx.mcp.support.TestIssuer;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as an OAuth 2.1 resource server, against a local issuer the test runs ({@link
 * TestIssuer}: RSA and EC keys, discovery, JWKS): which access tokens pass, which get 401 (with the
 * challenge that points MCP clients at the metadata) or 403, what each role sees, and that a slow,
 * huge or absent key endpoint neither hangs OAuth callers nor touches static-token callers.
 */
class OAuthOverHttpTest {

  static final String STATIC = "static-admin-token-0123456789";
  static final String AUDIENCE = "emqx-mcp";

  @RegisterExtension
  static final WireMockEmqx wm =
      WireMockEmqx.create()
          .standing(
              w -> w.stubFor(onAny(Route.KICK_CLIENT).willReturn(aResponse().withStatus(204))));

  @TempDir static Path dir;
  static Path auditFile;
  static TestIssuer idp;
  static HttpTestServer server;

  static HttpTestServer start(String issuer, Path audit) {
    Settings settings = TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false);
    Policy policy =
        audit == null
            ? new Policy(settings.withMcp(settings.mcp().withoutAudit()))
            : new Policy(settings, AuditLog.open(audit, wm.baseUrl()), System::nanoTime);
    CallerSettings.OAuth oauth =
        new CallerSettings.OAuth(
            issuer,
            AUDIENCE,
            "",
            null,
            "realm_access.roles",
            Map.of(
                "mqtt-viewer",
                Role.VIEWER,
                "mqtt-operator",
                Role.OPERATOR,
                "mqtt-admin",
                Role.ADMIN),
            Duration.ZERO);
    HttpSettings http =
        HttpTestServer.httpSettings(null)
            .withCallers(
                new CallerSettings(
                    List.of(new CallerSettings.NamedToken("ci", new Secret(STATIC), Role.ADMIN)),
                    oauth));
    return HttpTestServer.start(settings, http, policy, Clock.systemUTC());
  }

  @BeforeAll
  static void startAll() throws Exception {
    idp = new TestIssuer();
    auditFile = dir.resolve("audit.log");
    server = start(idp.issuer(), auditFile);
  }

  @AfterAll
  static void stopAll() {
    server.close();
    idp.close();
  }

  static String token(String subject, List<String> roles) throws Exception {
    return idp.sign(idp.rsa, idp.claims(subject, AUDIENCE, roles).build());
  }

  /** A 2026-07-28 tools/list with this bearer token, raw. */
  static RawHttp.Reply list(HttpTestServer s, String token) throws Exception {
    Map<String, Object> params = Modern.params(Map.of());
    String body =
        Json.MAPPER.writeValueAsString(
            Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list", "params", params));
    return RawHttp.post(
        s.base(),
        "127.0.0.1",
        "/mcp",
        token,
        "Mcp-Method: tools/list\r\nMCP-Protocol-Version: " + Modern.VERSION,
        body);
  }

  static List<String> tools(String token) throws Exception {
    RawHttp.Reply r = list(server, token);
    assertEquals(200, r.status(), r.text());
    JsonNode tools = Json.MAPPER.readTree(r.body()).path("result").path("tools");
    return java.util.stream.StreamSupport.stream(tools.spliterator(), false)
        .map(t -> t.path("name").asText())
        .toList();
  }

  static void assertRefused(String token, String why) throws Exception {
    RawHttp.Reply r = list(server, token);
    assertEquals(401, r.status(), why + ": " + r.text());
    String challenge = r.header("WWW-Authenticate");
    assertTrue(
        challenge.startsWith(
            "Bearer resource_metadata=\""
                + server.base()
                + "/.well-known/oauth-protected-resource/mcp\""),
        challenge);
    assertTrue(challenge.contains("error=\"invalid_token\""), why + ": " + challenge);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertEquals("invalid_token", body.path("error").asText(), r.text());
    assertTrue(r.body().length < 512, "small bodies");
    assertFalse(r.text().contains(token.substring(token.length() - 20)), "the token is not echoed");
  }

  @Test
  void validTokens_ofEachRole_seeTheirTools_rsaAndEc() throws Exception {
    List<String> viewer = tools(token("alice", List.of("mqtt-viewer")));
    assertFalse(viewer.contains("publish_message"), viewer.toString());
    assertTrue(viewer.contains("list_clients"), viewer.toString());
    List<String> operator = tools(token("bob", List.of("mqtt-viewer", "mqtt-operator", "other")));
    assertTrue(operator.contains("publish_message"), operator.toString());
    assertFalse(operator.contains("kick_mqtt_client"), operator.toString());
    String ecAdmin = idp.sign(idp.ec, idp.claims("carol", AUDIENCE, List.of("mqtt-admin")).build());
    assertTrue(tools(ecAdmin).contains("kick_mqtt_client"));
    // The resource URL is an accepted audience too (RFC 8707 resource indicators).
    String forResource =
        idp.sign(
            idp.rsa, idp.claims("dave", server.base() + "/mcp", List.of("mqtt-viewer")).build());
    assertTrue(tools(forResource).contains("list_clients"));
  }

  @Test
  void theLegacySdkClient_withAViewersJwt_isListedAndRefusedByRole() throws Exception {
    try (McpSyncClient viewer = server.streamableClient(token("erin", List.of("mqtt-viewer")))) {
      assertTrue(
          viewer.listTools().tools().stream()
              .allMatch(t -> Boolean.TRUE.equals(t.annotations().readOnlyHint())));
      McpSchema.CallToolResult r =
          viewer.callTool(
              new McpSchema.CallToolRequest("kick_mqtt_client", Map.of("clientid", "x")));
      assertTrue(TestServer.text(r).contains("FORBIDDEN_BY_ROLE"), TestServer.text(r));
      assertTrue(TestServer.text(r).contains("'erin' of " + idp.issuer()), TestServer.text(r));
    }
    wm.verify(0, requestedAny(Route.KICK_CLIENT));
  }

  /**
   * A legacy SSE session acts as the subject that opened its stream, through the SDK's SSE client:
   * messages with a token of the same subject and a higher role gain nothing (the opener's role
   * holds), with a lower role get that lower role (roles that shrank apply at once), and another
   * subject's token is not let in at all.
   */
  @Test
  void anSseSession_actsAsItsOpener_withNoMoreThanTheMessagesToken() throws Exception {
    String viewerDana = token("dana", List.of("mqtt-viewer"));
    String adminDana = token("dana", List.of("mqtt-admin"));
    for (List<String> tokens :
        List.of(List.of(viewerDana, adminDana), List.of(adminDana, viewerDana))) {
      try (McpSyncClient dana =
          HttpTestServer.sseClient(server.base(), tokens.get(0), tokens.get(1))) {
        dana.initialize();
        assertTrue(
            dana.listTools().tools().stream()
                .allMatch(t -> Boolean.TRUE.equals(t.annotations().readOnlyHint())));
        McpSchema.CallToolResult r =
            dana.callTool(
                new McpSchema.CallToolRequest("kick_mqtt_client", Map.of("clientid", "x")));
        assertTrue(TestServer.text(r).contains("FORBIDDEN_BY_ROLE"), TestServer.text(r));
        assertTrue(TestServer.text(r).contains("'dana' of " + idp.issuer()), TestServer.text(r));
      }
    }
    McpSyncClient erin =
        HttpTestServer.sseClient(server.base(), adminDana, token("erin", List.of("mqtt-admin")));
    try {
      assertThrows(RuntimeException.class, erin::initialize);
    } finally {
      erin.close();
    }
    try (McpSyncClient dana = HttpTestServer.sseClient(server.base(), adminDana, adminDana)) {
      dana.initialize();
      assertTrue(
          dana.listTools().tools().stream().anyMatch(t -> t.name().equals("kick_mqtt_client")));
    }
    wm.verify(0, requestedAny(Route.KICK_CLIENT));
  }

  @Test
  void anAdminsKick_isAuditedWithSubjectAndIssuer() throws Exception {
    ModernWire wire = ModernWire.http(server.base(), token("frank", List.of("mqtt-admin")));
    Map<String, Object> answer =
        wire.request(
            "tools/call", Modern.call("kick_mqtt_client", Map.of("clientid", "oauth-kick")));
    assertFalse(answer.toString().contains("isError=true"), answer.toString());
    String line =
        Files.readAllLines(auditFile).stream()
            .filter(l -> l.contains("oauth-kick") && l.contains("\"outcome\""))
            .findFirst()
            .orElseThrow();
    assertEquals(
        Map.of("kind", "oauth", "name", "frank", "issuer", idp.issuer(), "role", "admin"),
        TestServer.parse(line).get("caller"),
        line);
  }

  @Test
  void badTokens_get401_eachForItsReason() throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet good = idp.claims("mallory", AUDIENCE, List.of("mqtt-admin")).build();
    assertRefused(
        idp.sign(
            idp.rsa,
            new JWTClaimsSet.Builder(good).expirationTime(Date.from(now.minusSeconds(5))).build()),
        "expired");
    assertRefused(
        idp.sign(
            idp.rsa,
            new JWTClaimsSet.Builder(good).notBeforeTime(Date.from(now.plusSeconds(120))).build()),
        "not yet valid");
    assertRefused(
        idp.sign(idp.rsa, new JWTClaimsSet.Builder(good).expirationTime(null).build()), "no exp");
    assertRefused(
        idp.sign(idp.rsa, new JWTClaimsSet.Builder(good).issuer("https://evil.example").build()),
        "wrong issuer");
    assertRefused(
        idp.sign(idp.rsa, new JWTClaimsSet.Builder(good).audience("another-api").build()),
        "wrong audience");
    // alg none: an unsigned token with a trailing dot.
    String none = b64("{\"alg\":\"none\"}") + "." + b64(good.toString()) + ".";
    assertRefused(none, "alg none");
    // HS256 "signed" with the issuer's public key: what an algorithm-confusion attack sends.
    SignedJWT hmac =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), good);
    hmac.sign(new MACSigner(idp.rsa.toPublicJWK().toRSAPublicKey().getEncoded()));
    assertRefused(hmac.serialize(), "HS256 with the public key");
    // A tampered payload: the admin role swapped in after signing.
    String signed = token("mallory", List.of("mqtt-viewer"));
    String[] parts = signed.split("\\.");
    String tampered =
        parts[0]
            + "."
            + b64(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("mqtt-viewer", "mqtt-admin"))
            + "."
            + parts[2];
    assertRefused(tampered, "tampered");
    assertRefused(
        idp.sign(idp.rsa, good, h -> h.keyID("never-published-" + UUID.randomUUID())),
        "unknown kid");
  }

  @Test
  void aValidTokenWithoutARole_gets403_insufficientScope() throws Exception {
    JWTClaimsSet noRole =
        new JWTClaimsSet.Builder(idp.claims("guest", AUDIENCE, List.of()).build())
            .claim("realm_access", null)
            .build();
    for (JWTClaimsSet claims :
        List.of(noRole, idp.claims("guest", AUDIENCE, List.of("offline_access")).build())) {
      RawHttp.Reply r = list(server, idp.sign(idp.rsa, claims));
      assertEquals(403, r.status(), r.text());
      assertTrue(r.header("WWW-Authenticate").contains("error=\"insufficient_scope\""));
      assertTrue(r.text().contains("realm_access.roles"), r.text());
      assertTrue(r.text().contains("viewer"), r.text());
    }
  }

  @Test
  void noToken_gets401_pointingAtTheMetadata_whichNamesTheIssuer() throws Exception {
    RawHttp.Reply r = list(server, null);
    assertEquals(401, r.status());
    assertEquals(
        "Bearer resource_metadata=\""
            + server.base()
            + "/.well-known/oauth-protected-resource/mcp\"",
        r.header("WWW-Authenticate"));
    for (String path :
        List.of(
            "/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
      RawHttp.Reply meta =
          RawHttp.exchange(
              server.base(),
              "127.0.0.1",
              "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.base().getPort(),
              new byte[0]);
      assertEquals(200, meta.status(), path + ": " + meta.text());
      JsonNode doc = Json.MAPPER.readTree(meta.body());
      assertEquals(server.base() + "/mcp", doc.path("resource").asText());
      assertEquals(idp.issuer(), doc.path("authorization_servers").path(0).asText());
      assertEquals("header", doc.path("bearer_methods_supported").path(0).asText());
    }
  }

  @Test
  void aStaticToken_stillWorks_besideTheIssuer() throws Exception {
    assertTrue(tools(STATIC).contains("kick_mqtt_client"));
  }

  @Test
  void aTokenReplayedAfterItsExpiry_isRefused() throws Exception {
    // Clock skew is 0 here: a token that expires in 2 s works now and is refused once it has.
    Instant now = Instant.now();
    String shortLived =
        idp.sign(
            idp.rsa,
            new JWTClaimsSet.Builder(idp.claims("replay", AUDIENCE, List.of("mqtt-viewer")).build())
                .expirationTime(Date.from(now.plusSeconds(2)))
                .build());
    assertEquals(200, list(server, shortLived).status());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int status = 200;
    while (status == 200 && System.nanoTime() < deadline) {
      status = list(server, shortLived).status();
      if (status == 200) {
        Thread.sleep(200); // polling the refusal we wait for, with a deadline
      }
    }
    assertEquals(401, status);
  }

  @Test
  void anUnknownKid_refreshesTheKeys_soARotatedKeyWorks_butAFloodOfKidsDoesNotHammerTheIssuer()
      throws Exception {
    try (TestIssuer own = new TestIssuer();
        HttpTestServer s = start(own.issuer(), null)) {
      long started = System.nanoTime();
      String first = own.sign(own.rsa, own.claims("u", AUDIENCE, List.of("mqtt-viewer")).build());
      assertEquals(200, list(s, first).status());
      int afterFirst = own.jwksHits();
      assertEquals(1, afterFirst, "keys are fetched once, then cached");
      assertEquals(200, list(s, first).status());
      assertEquals(afterFirst, own.jwksHits(), "never fetched per request");
      // The provider rotates: a token with the new kid makes the server look again.
      own.rotate();
      String rotated =
          own.sign(own.next, own.claims("u", AUDIENCE, List.of("mqtt-viewer")).build());
      assertEquals(200, list(s, rotated).status(), "the new key is found by a refresh");
      // A flood of random kids: each would be a refresh, the rate limit allows almost none.
      for (int i = 0; i < 40; i++) {
        String random =
            own.sign(
                own.rsa,
                own.claims("u", AUDIENCE, List.of("mqtt-viewer")).build(),
                h -> h.keyID(UUID.randomUUID().toString()));
        assertEquals(401, list(s, random).status());
      }
      long windows = 1 + (System.nanoTime() - started) / TimeUnit.SECONDS.toNanos(30);
      assertTrue(
          own.jwksHits() <= 1 + 2 * windows,
          own.jwksHits() + " JWKS fetches in " + windows + " rate-limit window(s)");
    }
  }

  @Test
  void aSlowHugeOrAbsentKeyEndpoint_answersOAuthCallers503_andNeverHoldsUpStaticTokens()
      throws Exception {
    try (TestIssuer slow = new TestIssuer();
        HttpTestServer s = start(slow.issuer(), null)) {
      slow.holdJwks();
      String jwt = slow.sign(slow.rsa, slow.claims("u", AUDIENCE, List.of("mqtt-viewer")).build());
      CompletableFuture<RawHttp.Reply> waiting =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return list(s, jwt);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // While that fetch hangs, a static-token caller is served.
      assertEquals(200, list(s, STATIC).status());
      RawHttp.Reply r = waiting.get(60, TimeUnit.SECONDS); // bounded by the fetch timeout (3 s)
      assertEquals(503, r.status(), r.text());
      assertEquals(
          "temporarily_unavailable", Json.MAPPER.readTree(r.body()).path("error").asText());
      assertTrue(r.header("Retry-After") != null);
      slow.release();
    }
    try (TestIssuer huge = new TestIssuer();
        HttpTestServer s = start(huge.issuer(), null)) {
      huge.hugeJwks();
      String jwt = huge.sign(huge.rsa, huge.claims("u", AUDIENCE, List.of("mqtt-viewer")).build());
      assertEquals(503, list(s, jwt).status());
      assertEquals(200, list(s, STATIC).status());
    }
    TestIssuer gone = new TestIssuer();
    String jwt = gone.sign(gone.rsa, gone.claims("u", AUDIENCE, List.of("mqtt-viewer")).build());
    gone.close();
    try (HttpTestServer s = start(gone.issuer(), null)) {
      assertEquals(503, list(s, jwt).status());
      assertEquals(200, list(s, STATIC).status());
    }
  }

  @Test
  void aHugeTokenOrHeader_isRefusedAtTheDoor_andTheServerKeepsServing() throws Exception {
    String huge = "a".repeat(1 << 20);
    for (String token :
        List.of(huge, b64("{\"alg\":\"RS256\",\"x\":\"" + huge + "\"}") + ".e30.c2ln")) {
      int status;
      try {
        status = list(server, token).status();
      } catch (java.io.IOException closed) {
        status = -1; // Jetty may close the connection on a header this large: also a refusal
      }
      assertTrue(status == 431 || status == 400 || status == -1, "status " + status);
    }
    String mid = "b".repeat(7000); // under Jetty's header limit: an ordinary 401
    assertEquals(401, list(server, mid).status());
    assertEquals(200, list(server, STATIC).status());
  }

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
