package io.emqx.mcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.emqx.mcp.tools.EmqxFailures.err;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.emqx.mcp.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin tools' failure paths through the MCP client, against WireMock answering as EMQX v5.8.9
 * does (or as it never does): each maps to the contract's code with a hint, bad input is refused
 * before anything is sent, and the requests sent are EMQX's.
 */
class AdminSurfaceErrorsTest {

  static WireMockServer wm;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    // A limit well above a loaded machine's first-request warm-up; the timeout test waits past it.
    server =
        TestServer.start(TestServer.settings(wm.baseUrl(), Duration.ofMillis(TIMEOUT_MS), false));
    server.call("list_traces", Map.of()); // warms WireMock's and OkHttp's first request up
  }

  static final int TIMEOUT_MS = 3000;

  @AfterAll
  static void stop() {
    server.close();
    wm.stop();
  }

  @BeforeEach
  void reset() {
    wm.resetAll();
  }

  static void stub(String method, String path, int status, String body) {
    EmqxFailures.stub(wm, method, path, status, body);
  }

  static final String UNAUTHORIZED = err("BAD_API_KEY_OR_SECRET", "Check api_key/api_secret");
  static final String FORBIDDEN =
      err("UNAUTHORIZED_ROLE", "This API Key don't have permission to access this resource");

  static Stream<EmqxFailures.Case> emqxFailures() {
    Map<String, Object> none = Map.of();
    return Stream.of(
        new EmqxFailures.Case(
            "list_authn_sources",
            none,
            "GET",
            "/authentication",
            401,
            UNAUTHORIZED,
            "EMQX_AUTH_FAILED",
            null),
        new EmqxFailures.Case(
            "list_authn_sources",
            none,
            "GET",
            "/authentication",
            200,
            "[{\"mechanism\":\"jwt\"}]",
            "EMQX_UNAVAILABLE",
            "'[0].id'"),
        new EmqxFailures.Case(
            "list_authz_sources",
            none,
            "GET",
            "/authorization/sources",
            403,
            FORBIDDEN,
            "EMQX_FORBIDDEN",
            "administrator"),
        new EmqxFailures.Case(
            "list_authz_sources",
            none,
            "GET",
            "/authorization/sources",
            200,
            "[]",
            "EMQX_UNAVAILABLE",
            null),
        new EmqxFailures.Case(
            "get_client_authz_cache",
            Map.of("clientid", "c1"),
            "GET",
            "/clients/c1/authorization/cache",
            500,
            err("UNKNOWN_ERROR", "timeout"),
            "EMQX_UNAVAILABLE",
            "retry"),
        new EmqxFailures.Case(
            "clear_authz_cache",
            none,
            "DELETE",
            "/authorization/cache",
            400,
            err("BAD_REQUEST", "[{'emqx@10.0.0.12',{badrpc,nodedown}}]"),
            "EMQX_REJECTED",
            null),
        new EmqxFailures.Case(
            "start_trace",
            Map.of("name", "t", "clientid", "c"),
            "POST",
            "/trace",
            409,
            err("DUPLICATE_CONDITION", "t0 Duplication Condition"),
            "EMQX_REJECTED",
            "list_traces"),
        new EmqxFailures.Case(
            "start_trace",
            Map.of("name", "t", "clientid", "c"),
            "POST",
            "/trace",
            400,
            err(
                "INVALID_PARAMS",
                "The number of traces created has reached the maximum please delete the useless "
                    + "ones first"),
            "EMQX_REJECTED",
            "delete_trace"),
        new EmqxFailures.Case(
            "list_traces", none, "GET", "/trace", 200, "{\"data\":[]}", "EMQX_UNAVAILABLE", null),
        new EmqxFailures.Case(
            "get_trace_log",
            Map.of("name", "t"),
            "GET",
            "/trace/t/log_detail",
            404,
            err("NOT_FOUND", "t NOT FOUND"),
            "NOT_FOUND",
            "list_traces"),
        new EmqxFailures.Case(
            "stop_trace",
            Map.of("name", "t"),
            "PUT",
            "/trace/t/stop",
            404,
            err("NOT_FOUND", "t NOT FOUND"),
            "NOT_FOUND",
            "list_traces"),
        new EmqxFailures.Case(
            "delete_trace",
            Map.of("name", "t"),
            "DELETE",
            "/trace/t",
            401,
            UNAUTHORIZED,
            "EMQX_AUTH_FAILED",
            null),
        new EmqxFailures.Case(
            "list_slow_subscriptions",
            none,
            "GET",
            "/slow_subscriptions",
            500,
            err("INTERNAL_ERROR", "error, badarg"),
            "EMQX_UNAVAILABLE",
            null),
        new EmqxFailures.Case(
            "get_topic_metrics",
            none,
            "GET",
            "/mqtt/topic_metrics",
            200,
            "[{\"topic\":\"a\"}]",
            "EMQX_UNAVAILABLE",
            "metrics"),
        new EmqxFailures.Case(
            "track_topic_metrics",
            Map.of("topic", "a/b"),
            "POST",
            "/mqtt/topic_metrics",
            409,
            err("EXCEED_LIMIT", "Max topic metrics count is 512"),
            "EMQX_REJECTED",
            "untrack_topic_metrics"),
        new EmqxFailures.Case(
            "untrack_topic_metrics",
            Map.of("topic", "a/b"),
            "DELETE",
            "/mqtt/topic_metrics/a%2Fb",
            404,
            err("TOPIC_NOT_FOUND", "Topic not found"),
            "NOT_FOUND",
            "not tracked"),
        new EmqxFailures.Case(
            "get_cluster_rates",
            none,
            "GET",
            "/monitor_current",
            200,
            "{\"received_msg_rate\":\"fast\"}",
            "EMQX_UNAVAILABLE",
            null),
        new EmqxFailures.Case(
            "get_cluster_rates",
            Map.of("node", "emqx@x"),
            "GET",
            "/monitor_current/nodes/emqx%40x",
            404,
            err("NOT_FOUND", "Node not found: emqx@x"),
            "NOT_FOUND",
            "list_nodes"),
        new EmqxFailures.Case(
            "list_client_mqueue",
            Map.of("clientid", "c1"),
            "GET",
            "/clients/c1/mqueue_messages",
            501,
            err("NOT_IMPLEMENTED", "API not implemented for persistent sessions"),
            "EMQX_REJECTED",
            "durable"),
        new EmqxFailures.Case(
            "list_client_inflight",
            Map.of("clientid", "c1"),
            "GET",
            "/clients/c1/inflight_messages",
            404,
            err("CLIENT_SHUTDOWN", "Client connection has been shutdown"),
            "NOT_FOUND",
            "5.6"),
        EmqxFailures.clientUnknown(
            "list_client_mqueue",
            Map.of("clientid", "c1"),
            "GET",
            "/clients/c1/mqueue_messages",
            "like_clientid"),
        new EmqxFailures.Case(
            "list_delayed_messages",
            none,
            "GET",
            "/mqtt/delayed/messages",
            403,
            FORBIDDEN,
            "EMQX_FORBIDDEN",
            null),
        new EmqxFailures.Case(
            "delete_delayed_message",
            Map.of("node", "emqx@a", "msgid", "AB"),
            "DELETE",
            "/mqtt/delayed/messages/emqx%40a/AB",
            500,
            err("INTERNAL_ERROR", "error, {erpc,noconnection}, []"),
            "EMQX_UNAVAILABLE",
            null),
        new EmqxFailures.Case(
            "kick_clients",
            Map.of("clientids", List.of("a", "b")),
            "POST",
            "/clients/kickout/bulk",
            500,
            err("UNKNOWN_ERROR", "{badrpc,nodedown}"),
            "EMQX_UNAVAILABLE",
            null),
        new EmqxFailures.Case(
            "list_connectors",
            none,
            "GET",
            "/connectors",
            500,
            err("INTERNAL_ERROR", "timeout"),
            "EMQX_UNAVAILABLE",
            null),
        new EmqxFailures.Case(
            "list_actions",
            none,
            "GET",
            "/actions",
            200,
            "[{\"name\":\"x\"}]",
            "EMQX_UNAVAILABLE",
            "'[0].type'"),
        new EmqxFailures.Case(
            "list_sources", none, "GET", "/sources", 401, UNAUTHORIZED, "EMQX_AUTH_FAILED", null),
        new EmqxFailures.Case(
            "set_rule_enabled",
            Map.of("id", "r1", "enable", false),
            "GET",
            "/rules/r1",
            404,
            err("NOT_FOUND", "Rule Id Not Found"),
            "NOT_FOUND",
            "list_rules"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emqxFailures")
  void emqxFailure_mapsToTheContractCode(EmqxFailures.Case failure) {
    failure.check(wm, server);
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("get_client_authz_cache", Map.of("clientid", "..")),
        Arguments.of("clear_authz_cache", Map.of("clientid", "")),
        Arguments.of("start_trace", Map.of("name", "a b", "clientid", "c")),
        Arguments.of(
            "start_trace", Map.of("name", "t", "clientid", "c", "payload_encode", "base64")),
        Arguments.of("start_trace", Map.of("name", "t", "clientid", "c", "duration_seconds", 5)),
        Arguments.of("get_trace_log", Map.of("name", "t", "bytes", 1_000_000)),
        Arguments.of("stop_trace", Map.of("name", "-x")),
        Arguments.of("delete_trace", Map.of()),
        Arguments.of("list_slow_subscriptions", Map.of("limit", 0)),
        Arguments.of("get_topic_metrics", Map.of("topic", "a/+")),
        Arguments.of("untrack_topic_metrics", Map.of("topic", "#")),
        Arguments.of("get_cluster_rates", Map.of("node", "")),
        Arguments.of("list_client_mqueue", Map.of("clientid", "c", "payload", "hex")),
        Arguments.of("list_client_inflight", Map.of("clientid", "c", "limit", 101)),
        Arguments.of("delete_delayed_message", Map.of("node", "emqx@a", "msgid", "G1")),
        Arguments.of("kick_clients", Map.of("clientids", List.of("a", "a"))),
        Arguments.of("kick_clients", Map.of("clientids", java.util.Collections.nCopies(101, "x"))),
        Arguments.of("list_actions", Map.of("page", 0)),
        Arguments.of("set_rule_enabled", Map.of("id", "r1")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badInput")
  void badInput_isInvalidArgument_andNothingIsSent(String tool, Map<String, Object> args) {
    assertEquals("INVALID_ARGUMENT", server.error(tool, args).get("code"));
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void slowEmqx_isTimeout() {
    wm.stubFor(
        request("GET", urlPathEqualTo("/api/v5/monitor_current"))
            .willReturn(okJson("{}").withFixedDelay(2 * TIMEOUT_MS)));
    assertEquals("EMQX_TIMEOUT", server.error("get_cluster_rates", Map.of()).get("code"));
  }

  @Test
  void requestsSent_areEmqxs() {
    stub("POST", "/clients/kickout/bulk", 204, "");
    server.ok("kick_clients", Map.of("clientids", List.of("a/b", "c")));
    wm.verify(
        postRequestedFor(urlEqualTo("/api/v5/clients/kickout/bulk"))
            .withRequestBody(equalToJson("[\"a/b\",\"c\"]")));

    stub(
        "POST",
        "/trace",
        200,
        "{\"name\":\"t\",\"type\":\"topic\",\"topic\":\"a/#\",\"status\":\"running\","
            + "\"start_at\":\"2026-12-03T10:00:00+00:00\",\"end_at\":\"2026-12-03T10:00:00+00:00\",\"log_size\":{}}");
    server.ok("start_trace", Map.of("name", "t", "topic", "a/#", "payload_encode", "hidden"));
    wm.verify(
        postRequestedFor(urlEqualTo("/api/v5/trace"))
            .withRequestBody(
                equalToJson(
                    "{\"name\":\"t\",\"type\":\"topic\",\"topic\":\"a/#\",\"payload_encode\":\"hidden\",\"end_at\":\"${json-unit.any-string}\"}")));

    stub("GET", "/rules/r1", 200, "{\"id\":\"r1\",\"enable\":true}");
    stub("PUT", "/rules/r1", 200, "{\"id\":\"r1\",\"enable\":false}");
    server.ok("set_rule_enabled", Map.of("id", "r1", "enable", false));
    wm.verify(
        putRequestedFor(urlEqualTo("/api/v5/rules/r1"))
            .withRequestBody(equalToJson("{\"enable\":false}")));

    stub(
        "GET",
        "/clients/c%2F1/mqueue_messages",
        200,
        "{\"data\":[],\"meta\":{\"start\":\"none\",\"position\":\"none\"}}");
    server.ok("list_client_mqueue", Map.of("clientid", "c/1", "position", "17_0", "limit", 7));
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/v5/clients/c%2F1/mqueue_messages"))
            .withQueryParam("position", equalTo("17_0"))
            .withQueryParam("limit", equalTo("7"))
            .withQueryParam("payload", equalTo("none"))
            .withQueryParam("max_payload_bytes", equalTo("32768")));
  }

  @Test
  void traceLog_readsTheTail_ofTheLargestFile() {
    stub(
        "GET",
        "/trace/t/log_detail",
        200,
        "[{\"node\":\"emqx@a\",\"size\":100,\"mtime\":1},"
            + "{\"node\":\"emqx@b\",\"size\":5000,\"mtime\":1}]");
    stub(
        "GET",
        "/trace/t/log",
        200,
        "{\"items\":\"partial\\nline 2\\n\",\"meta\":{\"position\":5000,\"bytes\":1000}}");
    Map<String, Object> r = server.ok("get_trace_log", Map.of("name", "t", "bytes", 1000));
    assertEquals("line 2\n", r.get("log"));
    assertEquals("emqx@b", r.get("node"));
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/v5/trace/t/log"))
            .withQueryParam("node", equalTo("emqx@b"))
            .withQueryParam("position", equalTo("4000"))
            .withQueryParam("bytes", equalTo("1000")));
  }

  @Test
  void actionMetrics_thatFail_areReportedOnTheirRow() {
    stub(
        "GET",
        "/actions",
        200,
        "[{\"type\":\"http\",\"name\":\"a\",\"status\":\"connected\"},"
            + "{\"type\":\"http\",\"name\":\"b\",\"status\":\"connected\"}]");
    stub(
        "GET",
        "/actions/http%3Aa/metrics",
        200,
        "{\"metrics\":{\"matched\":5,\"success\":5},\"node_metrics\":[]}");
    stub("GET", "/actions/http%3Ab/metrics", 500, err("INTERNAL_ERROR", "timeout"));
    Map<String, Object> r = server.ok("list_actions", Map.of());
    List<Map<String, Object>> rows = MockBacked.data(r);
    assertEquals(5, ((Map<?, ?>) rows.get(0).get("metrics")).get("matched"));
    assertTrue(rows.get(1).get("metrics_error").toString().contains("500"), rows.toString());
  }
}
