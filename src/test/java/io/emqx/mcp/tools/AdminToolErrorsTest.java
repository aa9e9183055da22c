package io.emqx.mcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.emqx.mcp.support.WireMockEmqx.json;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static io.emqx.mcp.support.WireMockEmqx.requested;
import static io.emqx.mcp.support.WireMockEmqx.requestedAny;
import static io.emqx.mcp.tools.EmqxFailures.err;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.WireMockEmqx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every admin tool's failure paths through the MCP client, against WireMock answering as EMQX 5.8
 * does: EMQX's errors map to the contract's codes, and bad input is refused before anything is
 * sent.
 */
class AdminToolErrorsTest {

  @RegisterExtension
  static final WireMockEmqx wm = WireMockEmqx.create().withServer(Duration.ofMillis(800));

  static void stub(String method, String path, int status, String body) {
    EmqxFailures.stub(wm, method, path, status, body);
  }

  /**
   * Nothing is retained on a/b: GET and DELETE of it get the same 404 from EMQX
   * (apps/emqx_retainer/src/emqx_retainer_api.erl, v5.8.9).
   */
  static EmqxFailures.Case noRetainedMessage(String tool, String method) {
    return new EmqxFailures.Case(
        tool,
        Map.of("topic", "a/b"),
        method,
        "/mqtt/retainer/message/a%2Fb",
        404,
        err("NOT_FOUND", "Viewed message doesn't exist"),
        "NOT_FOUND",
        null);
  }

  static Stream<EmqxFailures.Case> emqxFailures() {
    return Stream.of(
        EmqxFailures.clientUnknown(
            "list_client_subscriptions",
            Map.of("clientid", "c1"),
            "GET",
            "/clients/c1/subscriptions",
            null),
        new EmqxFailures.Case(
            "subscribe_client",
            Map.of("clientid", "c1", "topic", "t/#"),
            "POST",
            "/clients/c1/subscribe",
            400,
            err(
                "BAD_REQUEST",
                "{\\\"kind\\\":\\\"validation_error\\\",\\\"path\\\":\\\"root.qos\\\"}"),
            "EMQX_REJECTED",
            null),
        EmqxFailures.clientUnknown(
            "unsubscribe_client",
            Map.of("clientid", "c1", "topic", "t"),
            "GET",
            "/clients/c1/subscriptions",
            null),
        new EmqxFailures.Case(
            "list_subscriptions",
            Map.of("node", "emqx@gone"),
            "GET",
            "/subscriptions",
            500,
            err("NODE_DOWN", "bad rpc call emqx@gone, Reason nodedown"),
            "EMQX_UNAVAILABLE",
            null),
        new EmqxFailures.Case(
            "list_topics",
            Map.of("topic", "$share/g/t"),
            "GET",
            "/topics",
            400,
            err("INVALID_PARAMTER", "topic_filter_invalid"),
            "EMQX_REJECTED",
            null),
        new EmqxFailures.Case(
            "publish_messages",
            Map.of("messages", List.of(Map.of("topic", "t", "payload", "x"))),
            "POST",
            "/publish/bulk",
            400,
            "{\"reason_code\":151,\"message\":\"packet_too_large\"}",
            "EMQX_REJECTED",
            null),
        new EmqxFailures.Case(
            "list_retained_messages",
            Map.of(),
            "GET",
            "/mqtt/retainer/messages",
            400,
            err("BAD_REQUEST", "This API only support built in database"),
            "EMQX_REJECTED",
            null),
        noRetainedMessage("get_retained_message", "GET"),
        noRetainedMessage("delete_retained_message", "DELETE"),
        new EmqxFailures.Case(
            "list_banned",
            Map.of(),
            "GET",
            "/banned",
            401,
            err("BAD_API_KEY_OR_SECRET", "Check api_key/api_secret"),
            "EMQX_AUTH_FAILED",
            null),
        new EmqxFailures.Case(
            "ban_client",
            Map.of("as", "clientid", "who", "c1"),
            "POST",
            "/banned",
            400,
            err("ALREADY_EXISTS", "{\\\"as\\\":\\\"clientid\\\",\\\"who\\\":\\\"c1\\\"}"),
            "EMQX_REJECTED",
            null),
        new EmqxFailures.Case(
            "unban_client",
            Map.of("as", "clientid", "who", "c1"),
            "DELETE",
            "/banned/clientid/c1",
            404,
            err("NOT_FOUND", "clientid: c1 not found"),
            "NOT_FOUND",
            null),
        new EmqxFailures.Case(
            "list_nodes",
            Map.of(),
            "GET",
            "/nodes",
            403,
            err("UNAUTHORIZED_ROLE", "This API Key don't have permission to access this resource"),
            "EMQX_FORBIDDEN",
            null),
        new EmqxFailures.Case(
            "get_node",
            Map.of("node", "emqx@x"),
            "GET",
            "/nodes/emqx%40x",
            404,
            err("NOT_FOUND", "Node not found: emqx@x"),
            "NOT_FOUND",
            null),
        new EmqxFailures.Case(
            "get_stats",
            Map.of(),
            "GET",
            "/stats",
            500,
            err("INTERNAL_ERROR", "error, badarg"),
            "EMQX_UNAVAILABLE",
            null),
        new EmqxFailures.Case(
            "get_metrics",
            Map.of(),
            "GET",
            "/metrics",
            200,
            "<html>proxy login</html>",
            "EMQX_UNAVAILABLE",
            null),
        new EmqxFailures.Case(
            "list_alarms",
            Map.of(),
            "GET",
            "/alarms",
            400,
            err("BAD_REQUEST", "limit"),
            "EMQX_REJECTED",
            null),
        new EmqxFailures.Case(
            "list_listeners", Map.of(), "GET", "/listeners", 503, "", "EMQX_UNAVAILABLE", null),
        // running is true, false or "inconsistent" (emqx_mgmt_api_listeners.erl at v5.8.9); nothing
        // else
        new EmqxFailures.Case(
            "list_listeners",
            Map.of(),
            "GET",
            "/listeners",
            200,
            "[{\"id\":\"tcp:default\",\"status\":{\"running\":\"maybe\"}}]",
            "EMQX_UNAVAILABLE",
            null),
        new EmqxFailures.Case(
            "list_rules",
            Map.of(),
            "GET",
            "/rules",
            401,
            err("AUTHORIZATION_HEADER_ERROR", "Support authorization: basic/bearer "),
            "EMQX_AUTH_FAILED",
            null),
        new EmqxFailures.Case(
            "get_rule",
            Map.of("id", "r1"),
            "GET",
            "/rules/r1",
            404,
            err("NOT_FOUND", "Rule Id Not Found"),
            "NOT_FOUND",
            null),
        new EmqxFailures.Case(
            "get_cluster_health",
            Map.of(),
            "GET",
            "/nodes",
            401,
            err("BAD_API_KEY_OR_SECRET", "Check api_key/api_secret"),
            "EMQX_AUTH_FAILED",
            null),
        new EmqxFailures.Case(
            "diagnose_client",
            Map.of("clientid", "c1"),
            "GET",
            "/clients/c1",
            500,
            err("INTERNAL_ERROR", "error, badarg"),
            "EMQX_UNAVAILABLE",
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emqxFailures")
  void emqxFailure_mapsToTheContractCode(EmqxFailures.Case failure) {
    failure.check(wm, wm.server());
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("list_client_subscriptions", Map.of("clientid", "..")),
        Arguments.of("subscribe_client", Map.of("clientid", "c1", "topic", "t", "qos", 3)),
        Arguments.of("subscribe_client", Map.of("clientid", "c1", "topic", "t", "rh", 5)),
        Arguments.of("unsubscribe_client", Map.of("clientid", "c1", "topic", "a/#/b")),
        Arguments.of("list_subscriptions", Map.of("limit", 101)),
        Arguments.of("list_topics", Map.of("topic", "a/b#")),
        Arguments.of("publish_messages", Map.of("messages", List.of(Map.of("topic", "t")))),
        Arguments.of("list_retained_messages", Map.of("topic", "#/x")),
        Arguments.of("get_retained_message", Map.of("topic", "a/+")),
        Arguments.of("delete_retained_message", Map.of()),
        Arguments.of("list_banned", Map.of("page", 0)),
        Arguments.of("ban_client", Map.of("as", "clientid")),
        Arguments.of("unban_client", Map.of("as", "nickname", "who", "x")),
        Arguments.of("list_nodes", Map.of("node", "x")),
        Arguments.of("get_node", Map.of("node", "")),
        Arguments.of("get_stats", Map.of("aggregate", "maybe")),
        Arguments.of("get_metrics", Map.of("node", "emqx@a", "aggregate", true)),
        Arguments.of("list_alarms", Map.of("activated", "yes")),
        Arguments.of("list_listeners", Map.of("type", "tcp")),
        Arguments.of("list_rules", Map.of("enable", "on")),
        Arguments.of("get_rule", Map.of("id", ".")),
        Arguments.of("get_cluster_health", Map.of("verbose", true)),
        Arguments.of("diagnose_client", Map.of("clientid", "c1", "topic", "a/+/b")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badInput")
  void badInput_isInvalidArgument_andNothingIsSent(String tool, Map<String, Object> args) {
    assertEquals("INVALID_ARGUMENT", wm.server().error(tool, args).get("code"));
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void slowEmqx_isTimeout() {
    wm.stubFor(
        request("GET", urlPathEqualTo("/api/v5/nodes"))
            .willReturn(okJson("[]").withFixedDelay(2000)));
    assertEquals("EMQX_TIMEOUT", wm.server().error("list_nodes", Map.of()).get("code"));
  }

  @Nested
  class WhatIsSent {

    @Test
    void topicsAndIds_areOneEncodedSegment_andQueryPlusIsEscaped() {
      stub(
          "GET",
          "/mqtt/retainer/message/a%2Fb%2Fc",
          200,
          "{\"topic\":\"a/b/c\",\"payload\":\"aGk=\"}");
      assertEquals(
          "hi", wm.server().ok("get_retained_message", Map.of("topic", "a/b/c")).get("payload"));
      wm.verify(requested(Route.GET_RETAINED, "a%2Fb%2Fc"));
      stub(
          "GET",
          "/subscriptions",
          200,
          "{\"data\":[],\"meta\":{\"page\":1,\"limit\":25,\"hasnext\":false}}");
      wm.server().ok("list_subscriptions", Map.of("match_topic", "t/+/x"));
      wm.verify(
          requestedAny(Route.LIST_SUBSCRIPTIONS).withQueryParam("match_topic", equalTo("t/+/x")));
      String url = wm.getAllServeEvents().get(0).getRequest().getUrl();
      assertTrue(
          url.contains("%2B") && !url.contains("+"), "a raw + would reach EMQX as a space: " + url);
    }

    @Test
    void banAndUnban_bodiesAndPaths() {
      stub(
          "POST",
          "/banned",
          200,
          "{\"as\":\"peerhost_net\",\"who\":\"10.0.0.0/8\",\"by\":\"emqx-mcp-server\","
              + "\"reason\":\"\",\"at\":\"2025-06-02T07:05:00+00:00\",\"until\":\"infinity\"}");
      wm.server().ok("ban_client", Map.of("as", "peerhost_net", "who", "10.0.0.0/8"));
      wm.verify(
          requested(Route.BAN)
              .withRequestBody(
                  equalToJson(
                      "{\"as\":\"peerhost_net\",\"who\":\"10.0.0.0/8\",\"by\":\"emqx-mcp-server\",\"reason\":\"\","
                          + "\"until\":\"infinity\"}")));
      stub("DELETE", "/banned/peerhost_net/10.0.0.0%2F8", 204, "");
      wm.server().ok("unban_client", Map.of("as", "peerhost_net", "who", "10.0.0.0/8"));
      wm.verify(requested(Route.UNBAN, "peerhost_net", "10.0.0.0%2F8"));
    }

    @Test
    void unsubscribe_sendsTheTopicInTheBody_onlyWhenSubscribed() {
      stub(
          "GET",
          "/clients/c%201/subscriptions",
          200,
          "[{\"clientid\":\"c 1\",\"topic\":\"$share/g/t\",\"qos\":1}]");
      stub("POST", "/clients/c%201/unsubscribe", 204, "");
      assertEquals(
          true,
          wm.server()
              .ok("unsubscribe_client", Map.of("clientid", "c 1", "topic", "$share/g/t"))
              .get("unsubscribed"));
      wm.verify(
          requested(Route.UNSUBSCRIBE, "c%201")
              .withRequestBody(equalToJson("{\"topic\":\"$share/g/t\"}")));
    }
  }

  @Nested
  class BulkPublishAnswers {

    static final Map<String, Object> TWO =
        Map.of(
            "messages",
            List.of(Map.of("topic", "a", "payload", "1"), Map.of("topic", "b", "payload", "2")));

    void stubBulk(int status, String body) {
      wm.stubFor(on(Route.PUBLISH_BULK).willReturn(json(status, body)));
    }

    @Test
    void mixed202_isASuccessWithPerMessageResults() {
      stubBulk(
          202,
          "[{\"id\":\"0006115EB5F15FA4F44300000A8F0001\"},{\"reason_code\":16,\"message\":\"no_matching_subscribers\"}]");
      Map<String, Object> r = wm.server().ok("publish_messages", TWO);
      assertEquals(1, r.get("delivered"));
      assertEquals(1, r.get("not_delivered"));
    }

    @Test
    void partial503_isStillResults_becauseSomeWentOut() {
      stubBulk(
          503,
          "[{\"id\":\"0006115EB5F15FA4F44300000A8F0001\"},{\"reason_code\":131,\"message\":\"failed_to_dispatch\"}]");
      Map<String, Object> r = wm.server().ok("publish_messages", TWO);
      List<Map<String, Object>> results = MockBacked.get(r, "results");
      assertEquals("failed_to_dispatch", results.get(1).get("reason"));
      assertEquals(1, r.get("delivered"));
    }

    @Test
    void whole503WithoutResults_isUnavailable() {
      stubBulk(503, "{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"busy\"}");
      assertEquals("EMQX_UNAVAILABLE", wm.server().error("publish_messages", TWO).get("code"));
    }
  }
}
