package io.emqx.mcp.mock;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

/** What each {@link Fault} looks like on the wire. Transport faults use WireMock's own. */
final class FaultReplies {
  private FaultReplies() {}

  static ResponseDefinition of(Fault fault) {
    return switch (fault) {
      case NONE -> throw new IllegalArgumentException("NONE is not a fault");
      case HTTP_500 ->
          Reply.error(
                  500,
                  "INTERNAL_ERROR",
                  "error, {badrpc,{'EXIT',{timeout,{gen_server,call,[emqx_cm,lookup]}}}}, []")
              .toDefinition();
      // SERVICE_UNAVAILABLE is EMQX's own 503 code (emqx_utils_api.hrl); the text is ours.
      case HTTP_503 ->
          Reply.error(503, "SERVICE_UNAVAILABLE", "Service is unavailable, please retry later")
              .toDefinition();
      case MALFORMED_JSON ->
          new Reply(
                  200,
                  java.util.Map.of("content-type", Reply.JSON),
                  "{\"data\":[{\"clientid\":\"sensor-42\",\"connected\":tr")
              .toDefinition();
      case CONNECTION_RESET ->
          transport(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
      case EMPTY_RESPONSE -> transport(com.github.tomakehurst.wiremock.http.Fault.EMPTY_RESPONSE);
    };
  }

  private static ResponseDefinition transport(com.github.tomakehurst.wiremock.http.Fault f) {
    return ResponseDefinitionBuilder.responseDefinition().withFault(f).build();
  }
}
