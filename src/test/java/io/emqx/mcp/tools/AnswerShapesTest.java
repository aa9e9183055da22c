package io.emqx.mcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.emqx.mcp.support.WireMockEmqx.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * EMQX answering 200 with what it never sends, and credentials EMQX echoes back: each through the
 * SDK client against the real server.
 */
class AnswerShapesTest {

  @RegisterExtension
  static final WireMockEmqx wm = WireMockEmqx.create().withServer(Duration.ofSeconds(10));

  static void answer(int status, String body) {
    wm.stubFor(any(anyUrl()).willReturn(json(status, body)));
  }

  @Nested
  class UnpromisedShapes {

    @ParameterizedTest(name = "{0} <- {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "list_clients | null | GET /clients | the body: expected an object, got null",
          "list_clients | '' | GET /clients | the body: expected an object, got an empty body",
          "list_clients | {\"data\":[],\"meta\":{\"page\":1,\"limit\":25,\"count\":\"VALUE-42\"}} | GET /clients "
              + "| 'meta.count': expected an integer, got a string",
          "list_clients | {\"data\":{\"VALUE-42\":1},\"meta\":{\"page\":1,\"limit\":25}} | GET /clients "
              + "| 'data': expected an array, got an object",
          "list_clients | {\"data\":[null],\"meta\":{\"page\":1,\"limit\":25}} | GET /clients "
              + "| 'data[0]': expected an object, got null",
          "list_clients | {\"data\":[{\"clientid\":7}],\"meta\":{\"page\":1,\"limit\":25}} | GET /clients "
              + "| 'data[0].clientid': expected a string, got an integer",
          "list_clients | {\"data\":[],\"meta\":{\"page\":1.5,\"limit\":25}} | GET /clients "
              + "| 'meta.page': expected an integer, got a fractional number",
          "list_banned | {\"data\":[{\"as\":\"clientid\"}],\"meta\":{\"page\":1,\"limit\":25}} | GET /banned "
              + "| 'data[0].who': expected a string, got nothing (absent)",
          "publish_message | {\"id\":{\"VALUE-42\":true}} | POST /publish | 'id': expected a string, got an object",
          "publish_message | {\"reason_code\":\"16\"} | POST /publish | 'reason_code': expected an integer, got a string",
          "get_client | {\"clientid\":\"c1\",\"connected\":\"VALUE-42\"} | GET /clients/{clientid} "
              + "| 'connected': expected a boolean, got a string",
          "get_client | [] | GET /clients/{clientid} | the body: expected an object, got an array",
          "get_rule | {\"name\":\"VALUE-42\"} | GET /rules/{id} | 'id': expected a string, got nothing (absent)",
          "get_stats | [{\"node\":\"n1\",\"connections.count\":\"VALUE-42\"}] | GET /stats "
              + "| '[0].connections.count': expected an integer, got a string",
          "list_nodes | {\"node\":\"VALUE-42\"} | GET /nodes | the body: expected an array, got an object",
          "get_retained_message | {\"topic\":\"t/1\",\"payload\":\"VALUE-42!\"} | GET /mqtt/retainer/message/{topic} "
              + "| 'payload': expected base64, got text that is not base64",
          "publish_messages | [] | POST /publish/bulk | the body: expected an array of 1 results, got 0 results",
        })
    void isEmqxUnavailable_namingEndpointFieldExpectedAndGot_neverTheValue(
        String tool, String body, String route, String what) {
      answer(200, body);
      Map<String, Object> error = wm.server().error(tool, args(tool));
      assertEquals("EMQX_UNAVAILABLE", error.get("code"), error.toString());
      String message = error.get("message").toString();
      assertTrue(message.contains(route) && message.contains(what), message);
      assertFalse(message.contains("VALUE-42"), "the value is not dumped: " + message);
      assertEquals(200, error.get("http_status"), error.toString());
    }

    private static Map<String, Object> args(String tool) {
      return switch (tool) {
        case "get_client" -> Map.of("clientid", "c1");
        case "get_rule" -> Map.of("id", "r1");
        case "get_retained_message" -> Map.of("topic", "t/1");
        case "publish_message" -> Map.of("topic", "t/1", "payload", "x");
        case "publish_messages" ->
            Map.of("messages", List.of(Map.of("topic", "t/1", "payload", "x")));
        default -> Map.of();
      };
    }
  }

  @Nested
  class Audit {

    @TempDir Path dir;

    @Test
    void aChangeAnsweredWithAnUnpromisedShape_isAuditedAsFailed_withEmqxStatus() throws Exception {
      Path file = dir.resolve("audit.log");
      Settings settings =
          TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false)
              .withMcp(new Settings.Mcp(false, List.of("*"), List.of(), List.of(), file, false, 0));
      answer(200, "null");
      try (TestServer s = TestServer.start(settings)) {
        assertEquals(
            "EMQX_UNAVAILABLE",
            s.error("ban_client", Map.of("as", "clientid", "who", "c9")).get("code"));
      }
      // An intent line, then the outcome: the outcome is what EMQX's answer made of the change.
      List<String> lines = Files.readAllLines(file);
      assertEquals(2, lines.size(), lines.toString());
      Map<String, Object> line = TestServer.parse(lines.get(1));
      assertEquals("outcome", line.get("phase"), line.toString());
      assertEquals("failed", line.get("outcome"), line.toString());
      assertEquals("EMQX_UNAVAILABLE", line.get("error_code"), line.toString());
      assertEquals(200, line.get("emqx_status"), line.toString());
    }
  }

  @Nested
  class EchoedCredentials {

    static final String BASIC =
        Base64.getEncoder()
            .encodeToString(
                (TestServer.KEY + ":" + TestServer.SECRET).getBytes(StandardCharsets.UTF_8));

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "401 | {\"code\":\"BAD_API_KEY_OR_SECRET\",\"message\":\"bad header: Authorization: Basic %s\"}",
          "400 | {\"code\":\"BAD_REQUEST\",\"message\":\"secret %2$s is wrong\"}",
          "502 | <html><body>upstream refused Authorization: basic %s</body></html>",
          "500 | {\"code\":\"INTERNAL_ERROR\",\"message\":\"{badarg,<<\\\"%s\\\">>}\"}",
          "403 | {\"code\":\"UNAUTHORIZED_ROLE\",\"message\":\"token Bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl refused\"}",
        })
    void inEmqxErrors_neverReachTheResult(int status, String template) {
      answer(status, template.formatted(BASIC, TestServer.SECRET));
      String text = TestServer.text(wm.server().call("get_client", Map.of("clientid", "c1")));
      assertFalse(
          text.contains(BASIC) || text.contains(TestServer.SECRET) || text.contains("eyJhbGciOi"),
          text);
      assertTrue(text.contains("[redacted]"), text);
    }

    @Test
    void aCredentialCutByTheSnippetLimit_isMaskedBeforeTheCut() {
      // A plain-text error is cut at 300 characters: half a credential must not survive the cut.
      answer(502, "x".repeat(290) + " " + BASIC);
      String text = TestServer.text(wm.server().call("get_client", Map.of("clientid", "c1")));
      assertFalse(text.contains(BASIC.substring(0, 8)), text);
    }

    @Test
    void inEmqxData_neverReachTheResult() {
      answer(
          200,
          "{\"clientid\":\"c1\",\"connected\":true,\"note\":\"Authorization: Basic "
              + BASIC
              + "\","
              + "\"username\":\""
              + TestServer.SECRET
              + "\"}");
      String text = TestServer.text(wm.server().call("get_client", Map.of("clientid", "c1")));
      assertFalse(text.contains(BASIC) || text.contains(TestServer.SECRET), text);
    }
  }
}
