package io.emqx.mcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.emqx.mcp.support.WireMockEmqx.json;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.Ports;
import io.emqx.mcp.support.Says;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every failure path of the four core tools, through the SDK's MCP client, against WireMock. */
class ToolErrorsTest {

  @RegisterExtension
  static final WireMockEmqx wm = WireMockEmqx.create().withServer(Duration.ofMillis(500));

  static Map<String, Object> getClientError() {
    return wm.server().error("get_client", Map.of("clientid", "c1"));
  }

  static void stubGetClient(int status, String body) {
    wm.stubFor(on(Route.GET_CLIENT, "c1").willReturn(json(status, body)));
  }

  @Nested
  class EmqxAnswers {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
        delimiter = '|',
        value = {
          "401 | {\"code\":\"BAD_API_KEY_OR_SECRET\",\"message\":\"Check api_key/api_secret\"} | EMQX_AUTH_FAILED",
          "401 | {\"code\":\"AUTHORIZATION_HEADER_ERROR\",\"message\":\"Support authorization: basic/bearer \"} | EMQX_AUTH_FAILED",
          "403 | {\"code\":\"UNAUTHORIZED_ROLE\",\"message\":\"This API Key don't have permission to access this resource\"} | EMQX_FORBIDDEN",
          "404 | {\"code\":\"CLIENTID_NOT_FOUND\",\"message\":\"Client ID not found\"} | CLIENT_NOT_FOUND",
          "404 | {\"code\": \"NOT_FOUND\", \"message\": \"Request Path Not Found\"} | NOT_FOUND",
          "400 | {\"code\":\"BAD_REQUEST\",\"message\":\"Invalid json message received\"} | EMQX_REJECTED",
          "415 | {\"code\":\"UNSUPPORTED_MEDIA_TYPE\",\"message\":\"content-type:application/json Required\"} | EMQX_REJECTED",
          "500 | {\"code\":\"INTERNAL_ERROR\",\"message\":\"error, {badmatch,x}\"} | EMQX_UNAVAILABLE",
          "503 | {\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"busy\"} | EMQX_UNAVAILABLE",
        })
    void httpStatus_mapsToContractCode(int status, String body, String code) {
      stubGetClient(status, body);
      Map<String, Object> error = getClientError();
      assertEquals(code, error.get("code"));
      assertEquals(status, error.get("http_status"));
      assertNotNull(error.get("emqx_code"));
      assertFalse(error.get("message").toString().contains(TestServer.SECRET));
    }

    @Test
    void clientNotFound_suggestsASearch() {
      stubGetClient(404, WireMockEmqx.CLIENT_NOT_FOUND);
      Map<String, Object> error = getClientError();
      assertEquals("CLIENTID_NOT_FOUND", error.get("emqx_code"));
      assertTrue(error.get("message").toString().contains("like_clientid"), error.toString());
    }

    @ParameterizedTest(name = "publish {0} reason {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "400 | 144 | topic_name_invalid",
          "400 | 151 | packet_too_large",
          "400 | 131 | {decode_base64_payload_failed,<<\"aGk\">>}",
          "503 | 131 | failed_to_dispatch",
        })
    void publishReasonCodes_areRejectedWithTheReasonCode(int status, int reason, String message) {
      wm.stubFor(
          on(Route.PUBLISH)
              .willReturn(
                  json(
                      status,
                      "{\"reason_code\":"
                          + reason
                          + ",\"message\":\""
                          + message.replace("\"", "\\\"")
                          + "\"}")));
      Map<String, Object> error =
          wm.server().error("publish_message", Map.of("topic", "t/1", "payload", "hi"));
      assertEquals("EMQX_REJECTED", error.get("code"));
      assertEquals(reason, error.get("reason_code"));
      assertEquals(status, error.get("http_status"));
    }

    /** EMQX v5.8.9's answer to a message over mqtt.max_packet_size (emqx_mgmt_api_publish.erl). */
    @Test
    void packetTooLarge_saysWhatTheLimitIs_andWhatToDo() {
      wm.stubFor(
          on(Route.PUBLISH)
              .willReturn(json(400, "{\"reason_code\":151,\"message\":\"packet_too_large\"}")));
      Map<String, Object> error =
          wm.server().error("publish_message", Map.of("topic", "t/1", "payload", "x".repeat(2000)));
      assertEquals("EMQX_REJECTED", error.get("code"));
      assertEquals(151, error.get("reason_code"));
      String message = error.get("message").toString();
      assertTrue(
          message.contains("mqtt.max_packet_size")
              && message.contains("1MB")
              && message.contains("2000 bytes")
              && message.contains("smaller payload"),
          message);
      wm.stubFor(
          on(Route.PUBLISH_BULK)
              .willReturn(json(400, "{\"reason_code\":151,\"message\":\"packet_too_large\"}")));
      String bulk =
          wm.server()
              .error(
                  "publish_messages",
                  Map.of(
                      "messages",
                      List.of(
                          Map.of("topic", "t/1", "payload", "a"),
                          Map.of(
                              "topic",
                              "t/2",
                              "payload",
                              "eHh4eA==",
                              "payload_encoding",
                              "base64"))))
              .get("message")
              .toString();
      assertTrue(bulk.contains("mqtt.max_packet_size") && bulk.contains("4 bytes"), bulk);
    }

    @Test
    void kick_unknownClient_isClientNotFound() {
      wm.stubFor(on(Route.KICK_CLIENT, "ghost").willReturn(WireMockEmqx.clientNotFound()));
      assertEquals(
          "CLIENT_NOT_FOUND",
          wm.server().error("kick_mqtt_client", Map.of("clientid", "ghost")).get("code"));
    }
  }

  @Nested
  class NoAnswer {

    @Test
    void delayBeyondTimeout_isTimeout_andTheNextCallWorks() {
      wm.stubFor(
          on(Route.GET_CLIENT, "c1")
              .willReturn(okJson("{\"clientid\":\"c1\"}").withFixedDelay(2000)));
      assertEquals("EMQX_TIMEOUT", getClientError().get("code"));
      wm.stubFor(on(Route.GET_CLIENT, "c2").willReturn(okJson("{\"clientid\":\"c2\"}")));
      assertEquals("c2", wm.server().ok("get_client", Map.of("clientid", "c2")).get("clientid"));
    }

    @Test
    void serviceUnavailable503_thenRecovery() {
      stubGetClient(503, "");
      assertEquals("EMQX_UNAVAILABLE", getClientError().get("code"));
      stubGetClient(200, "{\"clientid\":\"c1\"}");
      assertEquals("c1", wm.server().ok("get_client", Map.of("clientid", "c1")).get("clientid"));
    }

    @Test
    void malformedJson_isUnavailable() {
      stubGetClient(200, "{\"clientid\":");
      Map<String, Object> error = getClientError();
      assertEquals("EMQX_UNAVAILABLE", error.get("code"));
      assertTrue(
          error.get("message").toString().contains("not the expected JSON"), error.toString());
    }

    @Test
    void connectionReset_isUnavailable() {
      wm.stubFor(
          on(Route.GET_CLIENT, "c1")
              .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
      assertEquals("EMQX_UNAVAILABLE", getClientError().get("code"));
    }

    @Test
    void refusedConnection_isUnavailable() throws Exception {
      try (TestServer s = TestServer.against(Ports.refusingApiUrl())) {
        Says.assertError(
            s.error("list_clients", Map.of()), "EMQX_UNAVAILABLE", "connection refused");
      }
    }

    @Test
    void missingCredentials_areNamedInEveryCall() throws Exception {
      var settings = TestServer.settings(wm.baseUrl(), Duration.ofSeconds(1), false);
      settings =
          settings.withEmqx(
              settings
                  .emqx()
                  .withApi(settings.emqx().apiUrl(), "", new io.emqx.mcp.config.Secret("")));
      try (TestServer s = TestServer.start(settings)) {
        Map<String, Object> error = s.error("get_client", Map.of("clientid", "c1"));
        assertEquals("EMQX_AUTH_FAILED", error.get("code"));
        assertTrue(error.get("message").toString().contains("EMQX_API_KEY"));
      }
      wm.verify(0, anyRequestedFor(anyUrl()));
    }
  }

  @Nested
  class InvalidArguments {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "list_clients | {\"limit\": 101} | at most 100",
          "list_clients | {\"limit\": 0} | at least 1",
          "list_clients | {\"page\": \"two\"} | integer",
          "list_clients | {\"conn_state\": \"asleep\"} | one of",
          "list_clients | {\"proto_ver\": 6} | one of",
          "list_clients | {\"clientId\": \"x\"} | unknown argument 'clientId'",
          "list_clients | {\"ip_address\": \"10.0.0.1:1883\"} | without a port",
          "list_clients | {\"ip_address\": \"example.com\"} | IPv4 or IPv6",
          "get_client | {} | 'clientid' is required",
          "get_client | {\"clientid\": \"\"} | must not be empty",
          "get_client | {\"clientid\": \"..\"} | cannot be '..'",
          "kick_mqtt_client | {\"clientid\": \".\"} | cannot be '.'",
          "publish_message | {\"topic\": \"a/+\", \"payload\": \"x\"} | wildcards",
          "publish_message | {\"topic\": \"a/#\", \"payload\": \"x\"} | wildcards",
          "publish_message | {\"topic\": \"t\"} | 'payload' is required",
          "publish_message | {\"topic\": \"t\", \"payload\": \"x\", \"qos\": 3} | one of",
          "publish_message | {\"topic\": \"t\", \"payload\": \"%%%\", \"payload_encoding\": \"base64\"} | base64",
          "publish_message | {\"topic\": \"t\", \"payload\": \"aGk%\", \"payload_encoding\": \"base64\"} | '%' (U+0025) at position 3",
          "publish_message | {\"topic\": \"t\", \"payload\": \"aG-k\", \"payload_encoding\": \"base64\"} | URL-safe",
          "publish_message | {\"topic\": \"t\", \"payload\": \"aG=k\", \"payload_encoding\": \"base64\"} | padding '=' at position 2",
          "publish_message | {\"topic\": \"t\", \"payload\": \"aGk=a\", \"payload_encoding\": \"base64\"} | at position 3",
          "publish_message | {\"topic\": \"t\", \"payload\": \"aGVsb\", \"payload_encoding\": \"base64\"} | groups of 4",
          "list_clients | {\"limit\": 4294967297} | at most 100",
          "ban_client | {\"as\": \"clientid\", \"who\": \"c\", \"duration_seconds\": 4294967297} | at most",
          "get_client | {\"clientid\": \"a\\ud800\"} | surrogate",
          "publish_message | {\"topic\": \"t\", \"payload\": \"x\", \"payload_encoding\": \"hex\"} | one of",
          "publish_message | {\"topic\": \"t\", \"payload\": \"x\", \"retain\": \"yes\"} | true or false",
        })
    void badArguments_areInvalidArgument_andNothingIsSent(String tool, String json, String says) {
      Map<String, Object> error = wm.server().error(tool, TestServer.parse(json));
      assertEquals("INVALID_ARGUMENT", error.get("code"));
      assertTrue(error.get("message").toString().contains(says), error.get("message").toString());
      wm.verify(0, anyRequestedFor(anyUrl()));
    }
  }

  @Nested
  class Successes {

    @Test
    void kick_answersDisconnected() {
      wm.stubFor(on(Route.KICK_CLIENT, "a%2Fb").willReturn(aResponse().withStatus(204)));
      Map<String, Object> r = wm.server().ok("kick_mqtt_client", Map.of("clientid", "a/b"));
      assertEquals(
          Map.of(
              "clientid",
              "a/b",
              "disconnected",
              true,
              "message",
              "Client 'a/b' was disconnected and its session discarded."),
          r);
    }

    @Test
    void publish_noSubscribers_isSuccessNotDelivered() {
      wm.stubFor(
          on(Route.PUBLISH)
              .willReturn(
                  json(202, "{\"reason_code\":16,\"message\":\"no_matching_subscribers\"}")));
      Map<String, Object> r =
          wm.server()
              .ok(
                  "publish_message",
                  Map.of(
                      "topic",
                      "t/1",
                      "payload",
                      "aGk=",
                      "payload_encoding",
                      "base64",
                      "retain",
                      true));
      assertEquals(
          Map.of("topic", "t/1", "delivered", false, "reason", "no_matching_subscribers"), r);
    }

    @Test
    void everyResult_carriesDurationMs() {
      wm.stubFor(
          onAny(Route.LIST_CLIENTS)
              .willReturn(
                  okJson(
                      "{\"data\":[],\"meta\":{\"page\":1,\"limit\":25,\"hasnext\":false,\"count\":0}}")));
      CallToolResult ok = wm.server().call("list_clients", Map.of());
      CallToolResult bad = wm.server().call("list_clients", Map.of("limit", 1000));
      for (CallToolResult r : List.of(ok, bad)) {
        assertTrue(r.meta().get("duration_ms") instanceof Number, String.valueOf(r.meta()));
      }
    }
  }
}
