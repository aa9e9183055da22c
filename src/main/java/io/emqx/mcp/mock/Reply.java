package io.emqx.mcp.mock;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer of the fake, independent of WireMock until {@link #toDefinition()}.
 *
 * @param body null for no body at all (204, and the bare 400/405 EMQX sends)
 */
record Reply(int status, Map<String, String> headers, String body) {
  static final String JSON = "application/json";

  /** minirest's default response header; every JSON answer of EMQX carries exactly this. */
  private static final Map<String, String> JSON_HEADERS = Map.of("content-type", JSON);

  Reply {
    headers = Map.copyOf(headers);
  }

  static Reply json(int status, Object value) {
    return new Reply(status, JSON_HEADERS, Json.write(value));
  }

  static Reply ok(Object value) {
    return json(200, value);
  }

  /** EMQX's standard error body {"code","message"}. */
  static Reply error(int status, String code, String message) {
    var body = Json.object().put("code", code).put("message", message);
    return json(status, body);
  }

  static Reply noContent() {
    return new Reply(204, Map.of(), null);
  }

  /** Cowboy's own 400 for a request it cannot parse (malformed Authorization, bad %-escape). */
  static Reply bareBadRequest() {
    return new Reply(400, Map.of(), null);
  }

  Reply withHeader(String name, String value) {
    var copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Reply(status, copy, body);
  }

  ResponseDefinition toDefinition() {
    var builder = ResponseDefinitionBuilder.responseDefinition().withStatus(status);
    headers.forEach(builder::withHeader);
    if (body != null) {
      builder.withBody(body);
    }
    return builder.build();
  }
}
