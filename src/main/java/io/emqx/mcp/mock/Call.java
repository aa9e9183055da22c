package io.emqx.mcp.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import java.util.List;
import java.util.Map;

/**
 * One API request as a handler sees it: decoded path parameters, query parameters with the minirest
 * conventions (last value wins, {@code +} is a space), and the body parsed the way minirest parses
 * it.
 */
final class Call {
  private final Request request;
  private final Map<String, String> pathParams;
  private final Parameters params;

  Call(Request request, Map<String, String> pathParams, Parameters params) {
    this.request = request;
    this.pathParams = Map.copyOf(pathParams);
    this.params = params;
  }

  /** A {@code transformerParameters} entry of the mapping, or null. */
  String param(String name) {
    return params.getString(name, null);
  }

  /** A path parameter, percent-decoded as cowboy decodes one segment. */
  String path(String name) {
    String raw = pathParams.get(name);
    if (raw == null) {
      throw new IllegalStateException("mapping has no path parameter " + name);
    }
    return PathCodec.decodeSegment(raw);
  }

  /**
   * The last value of a query parameter, or null. A single-valued parameter given twice: last wins.
   */
  String query(String name) {
    List<String> values = queryAll(name);
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  /** Every value of a repeatable query parameter such as {@code clientid}. */
  List<String> queryAll(String name) {
    QueryParameter p = request.queryParameter(name);
    return p == null || !p.isPresent() ? List.of() : p.values();
  }

  /** The request's method, e.g. {@code GET}. */
  String method() {
    return request.getMethod().getName();
  }

  /** The path as sent, without the query, e.g. {@code /api/v5/rules/r1}. */
  String urlPath() {
    String url = request.getUrl();
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  String header(String name) {
    return request.getHeader(name);
  }

  /**
   * The JSON body, after minirest's body step (minirest 1.4.8 src/minirest_body.erl, pinned by EMQX
   * v5.8.9): invalid JSON under a JSON content type is 400, a body under any other content type is
   * 415, and no body at all is {}.
   */
  JsonNode body() {
    byte[] bytes = request.getBody();
    if (bytes == null || bytes.length == 0) {
      return Json.object();
    }
    String type = request.getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw ApiError.of(415, "UNSUPPORTED_MEDIA_TYPE", "content-type:application/json Required");
    }
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiError.of(400, "BAD_REQUEST", "Invalid json message received");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
