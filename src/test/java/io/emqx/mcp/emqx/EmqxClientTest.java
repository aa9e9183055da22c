package io.emqx.mcp.emqx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.emqx.mcp.support.WireMockEmqx.json;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static io.emqx.mcp.support.WireMockEmqx.requested;
import static io.emqx.mcp.support.WireMockEmqx.requestedAny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.EmqxApiException.Kind;
import io.emqx.mcp.emqx.model.ClientQuery;
import io.emqx.mcp.emqx.model.ClientSummary;
import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.emqx.model.PublishRequest;
import io.emqx.mcp.emqx.model.PublishResult;
import io.emqx.mcp.support.Ports;
import io.emqx.mcp.support.WireMockEmqx;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmqxClientTest {

  static final String SECRET = "S3cr3t-never-print-me-7f3a";
  @RegisterExtension static final WireMockEmqx wm = WireMockEmqx.create();

  static EmqxClient client(Duration timeout, boolean readOnly) {
    return new EmqxClient(
        new Settings.Emqx(
            Settings.normalizeApiUrl(wm.baseUrl()), "key", new Secret(SECRET), timeout),
        readOnly);
  }

  static EmqxClient client() {
    return client(Duration.ofSeconds(2), false);
  }

  /** A client of an EMQX at {@code apiUrl}, where WireMock is not. */
  static EmqxClient clientOf(String apiUrl) {
    return new EmqxClient(
        new Settings.Emqx(apiUrl, "k", new Secret(SECRET), Duration.ofSeconds(2)), false);
  }

  static ClientQuery all() {
    return new ClientQuery(1, 10, null, null, null, null, null, null, null, null, null);
  }

  @Nested
  class Encoding {

    // EMQX splits the path on '/' before decoding, so each awkward character must be escaped.
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "a/b | a%2Fb",
          "a#b | a%23b",
          "a+b | a%2Bb",
          "50% | 50%25",
          "what? | what%3F",
          "a b | a%20b",
          "température | temp%C3%A9rature",
          "日本 | %E6%97%A5%E6%9C%AC",
          "dev.1_x~y-z | dev.1_x~y-z",
          "... | ...",
        })
    void getClient_awkwardId_isSentAsOneEncodedSegment(String id, String encoded) {
      wm.stubFor(
          get(urlEqualTo("/api/v5/clients/" + encoded)).willReturn(okJson("{\"clientid\":\"x\"}")));
      assertEquals("x", client().getClient(id).get("clientid"));
      wm.verify(getRequestedFor(urlEqualTo("/api/v5/clients/" + encoded)));
    }

    @ParameterizedTest
    @CsvSource({".", ".."})
    void getClient_dotSegment_isRefusedWithoutARequest(String id) {
      assertThrows(IllegalArgumentException.class, () -> client().getClient(id));
      wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void listClients_plusAndSpaceInQuery_survive() {
      // EMQX decodes query strings with form rules: a raw '+' would arrive as a space.
      wm.stubFor(
          onAny(Route.LIST_CLIENTS)
              .willReturn(
                  okJson("{\"data\":[],\"meta\":{\"page\":1,\"limit\":10,\"hasnext\":false}}")));
      client()
          .listClients(
              new ClientQuery(1, 10, null, null, null, null, null, null, null, "a+b c", null));
      wm.verify(requestedAny(Route.LIST_CLIENTS).withQueryParam("like_clientid", equalTo("a+b c")));
      String raw = wm.getAllServeEvents().get(0).getRequest().getUrl();
      assertTrue(raw.contains("like_clientid=a%2Bb%20c"), raw);
    }

    @ParameterizedTest
    @CsvSource({
      "http://h:18083",
      "http://h:18083/",
      "http://h:18083/api/v5",
      "http://h:18083/api/v5/"
    })
    void apiUrl_withOrWithoutSuffix_normalizes(String url) {
      assertEquals("http://h:18083/api/v5", Settings.normalizeApiUrl(url));
    }
  }

  @Nested
  class Success {

    @Test
    void listClients_projectsAndKeepsMetaWithoutCount() {
      wm.stubFor(
          onAny(Route.LIST_CLIENTS)
              .withBasicAuth("key", SECRET)
              .willReturn(
                  okJson(
                      "{\"data\":[{\"clientid\":\"c1\",\"username\":null,\"node\":\"emqx@n1\",\"connected\":true,"
                          + "\"ip_address\":\"10.0.0.5\",\"proto_ver\":5,\"heap_size\":610,\"recv_oct\":49}],"
                          + "\"meta\":{\"page\":1,\"limit\":10,\"hasnext\":false}}")));
      Page<ClientSummary> page = client().listClients(all());
      // EMQX 5.6+ sends only the fields asked for; older ones ignore the parameter, as this stub
      // does.
      wm.verify(
          requestedAny(Route.LIST_CLIENTS)
              .withQueryParam(
                  "fields",
                  equalTo(
                      "clientid,username,node,connected,ip_address,proto_ver,connected_at,disconnected_at,subscriptions_cnt,"
                          + "mqueue_len")));
      assertEquals("c1", page.data().get(0).clientid());
      assertEquals("10.0.0.5", page.data().get(0).ipAddress());
      assertEquals(5, page.data().get(0).protoVer());
      assertNull(page.meta().count(), "count is absent under fuzzy filters and must stay absent");
      assertFalse(page.meta().hasnext());
    }

    @Test
    void prepare_sendsNothing_andTheFirstCallThenUsesThatClient() {
      EmqxClient c = client();
      c.prepare();
      c.prepare();
      wm.verify(0, anyRequestedFor(anyUrl()));
      wm.stubFor(on(Route.KICK_CLIENT, "c1").willReturn(aResponse().withStatus(204)));
      c.kickClient("c1");
      wm.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void kick_204_succeeds() {
      wm.stubFor(on(Route.KICK_CLIENT, "c1").willReturn(aResponse().withStatus(204)));
      client().kickClient("c1");
      // One DELETE of that client, authenticated, with nothing in its body; nothing else sent.
      wm.verify(
          1,
          requested(Route.KICK_CLIENT, "c1")
              .withHeader(
                  "Authorization",
                  equalTo(
                      "Basic "
                          + java.util.Base64.getEncoder()
                              .encodeToString(
                                  ("key:" + SECRET)
                                      .getBytes(java.nio.charset.StandardCharsets.UTF_8))))
              .withRequestBody(absent()));
      wm.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void kick_404_isNotFound_andOnlyThatClientWasAsked() {
      wm.stubFor(on(Route.KICK_CLIENT, "ghost").willReturn(WireMockEmqx.clientNotFound()));
      EmqxApiException e = assertThrows(EmqxApiException.class, () -> client().kickClient("ghost"));
      assertTrue(e.isNotFound(), e.toString());
      wm.verify(1, requested(Route.KICK_CLIENT, "ghost"));
    }

    @Test
    void publish_200_isDelivered_202_isAcceptedButUndelivered() {
      wm.stubFor(
          on(Route.PUBLISH)
              .withRequestBody(
                  equalToJson(
                      "{\"topic\":\"t/1\",\"payload\":\"hi\",\"qos\":1,\"retain\":false,\"payload_encoding\":\"plain\"}"))
              .willReturn(okJson("{\"id\":\"0006115EB5F15FA4F44300000A8F0001\"}")));
      PublishResult ok = client().publish(new PublishRequest("t/1", "hi", 1, false, "plain"));
      assertTrue(ok.delivered());
      assertEquals("0006115EB5F15FA4F44300000A8F0001", ok.id());

      wm.stubFor(
          on(Route.PUBLISH)
              .willReturn(
                  json(202, "{\"reason_code\":16,\"message\":\"no_matching_subscribers\"}")));
      PublishResult none = client().publish(new PublishRequest("t/2", "hi", 0, true, "plain"));
      assertFalse(none.delivered());
      assertEquals(16, none.reasonCode());
      assertEquals("no_matching_subscribers", none.reason());
      wm.verify(
          requested(Route.PUBLISH)
              .withHeader(
                  "Content-Type",
                  com.github.tomakehurst.wiremock.client.WireMock.containing("application/json")));
    }
  }

  @Nested
  class Failures {

    EmqxApiException failGet(int status, String body) {
      wm.stubFor(on(Route.GET_CLIENT, "c1").willReturn(json(status, body)));
      return assertThrows(EmqxApiException.class, () -> client().getClient("c1"));
    }

    @Test
    void status404_clientIdNotFound_isClientNotFound() {
      EmqxApiException e = failGet(404, WireMockEmqx.CLIENT_NOT_FOUND);
      assertEquals(Kind.HTTP, e.kind());
      assertEquals(404, e.httpStatus());
      assertEquals("CLIENTID_NOT_FOUND", e.emqxCode());
      assertTrue(e.isClientNotFound());
      assertTrue(e.getMessage().contains("Client ID not found"), e.getMessage());
    }

    @Test
    void status401_carriesEmqxCodeButNeverTheSecret() {
      EmqxApiException e =
          failGet(
              401, "{\"code\":\"BAD_API_KEY_OR_SECRET\",\"message\":\"Check api_key/api_secret\"}");
      assertEquals("BAD_API_KEY_OR_SECRET", e.emqxCode());
      assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void htmlErrorBody_isReducedToText() {
      EmqxApiException e =
          failGet(
              404,
              "<html><head><title>404 - NOT FOUND</title></head><body><h1>404 - NOT FOUND</h1></body></html>");
      assertNull(e.emqxCode());
      assertFalse(e.getMessage().contains("<"), e.getMessage());
    }

    @Test
    void publishRejection_carriesReasonCode() {
      wm.stubFor(
          on(Route.PUBLISH)
              .willReturn(
                  aResponse()
                      .withStatus(400)
                      .withBody("{\"reason_code\":144,\"message\":\"topic_name_invalid\"}")));
      EmqxApiException e =
          assertThrows(
              EmqxApiException.class,
              () -> client().publish(new PublishRequest("a/+", "x", 0, false, "plain")));
      assertEquals(144, e.reasonCode());
      assertEquals(400, e.httpStatus());
    }

    @Test
    void delayBeyondTimeout_isTimeout() {
      wm.stubFor(on(Route.GET_CLIENT, "c1").willReturn(okJson("{}").withFixedDelay(1500)));
      EmqxApiException e =
          assertThrows(
              EmqxApiException.class, () -> client(Duration.ofMillis(300), false).getClient("c1"));
      assertEquals(Kind.TIMEOUT, e.kind());
      assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
    }

    @Test
    void refusedConnection_isUnreachable() throws Exception {
      int port = Ports.refusing();
      EmqxClient c = clientOf("http://127.0.0.1:" + port + "/api/v5");
      EmqxApiException e = assertThrows(EmqxApiException.class, () -> c.getClient("c1"));
      assertEquals(Kind.UNREACHABLE, e.kind());
      assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }

    @Test
    void unknownHost_isUnreachable() {
      EmqxClient c = clientOf("http://no-such-host.invalid:18083/api/v5");
      EmqxApiException e = assertThrows(EmqxApiException.class, () -> c.getClient("c1"));
      assertEquals(Kind.UNREACHABLE, e.kind());
    }

    @Test
    void malformedJson_isBadResponse() {
      wm.stubFor(on(Route.GET_CLIENT, "c1").willReturn(okJson("{\"clientid\": ")));
      EmqxApiException e = assertThrows(EmqxApiException.class, () -> client().getClient("c1"));
      assertEquals(Kind.BAD_RESPONSE, e.kind());
    }

    @Test
    void connectionReset_isUnreachable() {
      wm.stubFor(
          on(Route.GET_CLIENT, "c1")
              .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
      EmqxApiException e = assertThrows(EmqxApiException.class, () -> client().getClient("c1"));
      assertEquals(Kind.UNREACHABLE, e.kind());
      assertNamesNoClass(e.getMessage());
    }

    @Test
    void emptyResponse_isUnreachable() {
      wm.stubFor(
          on(Route.GET_CLIENT, "c1").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
      EmqxApiException e = assertThrows(EmqxApiException.class, () -> client().getClient("c1"));
      assertEquals(Kind.UNREACHABLE, e.kind());
      assertNamesNoClass(e.getMessage());
    }

    /** The message reaches the user: what broke and where, never a Java class name. */
    private static void assertNamesNoClass(String message) {
      assertTrue(message.contains("connection"), message);
      assertFalse(message.matches("(?s).*\\b[A-Z][A-Za-z]*(Exception|Error)\\b.*"), message);
    }

    @Test
    void missingCredentials_sendNothing() {
      EmqxClient c =
          new EmqxClient(
              new Settings.Emqx(
                  Settings.normalizeApiUrl(wm.baseUrl()),
                  "",
                  new Secret(""),
                  Duration.ofSeconds(2)),
              false);
      EmqxApiException e = assertThrows(EmqxApiException.class, () -> c.getClient("c1"));
      assertEquals(Kind.NOT_CONFIGURED, e.kind());
      assertTrue(e.getMessage().contains("EMQX_API_KEY"));
      wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void readOnly_refusesEveryNonGetWithoutSending_butReads() {
      wm.stubFor(on(Route.GET_CLIENT, "c1").willReturn(okJson("{\"clientid\":\"c1\"}")));
      EmqxClient c = client(Duration.ofSeconds(2), true);
      assertEquals(
          Kind.READ_ONLY, assertThrows(EmqxApiException.class, () -> c.kickClient("c1")).kind());
      assertEquals(
          Kind.READ_ONLY,
          assertThrows(
                  EmqxApiException.class,
                  () -> c.publish(new PublishRequest("t", "x", 0, false, "plain")))
              .kind());
      assertEquals(Map.of("clientid", "c1"), c.getClient("c1"));
      wm.verify(1, anyRequestedFor(anyUrl()));
    }
  }
}
