package io.emqx.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emqx.mcp.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Every HTTP error body the MCP endpoints send that is not one of the gate's documented refusals: a
 * JSON-RPC error object, {@code {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…}}}, with the
 * request's id when it could be read and null otherwise. The message is ours, picked by status (or
 * a known SDK phrase), so that no exception text, class or frame name ever reaches a client: the
 * SDK serialises its whole {@code McpError}, stack trace included, and Jetty's pages may carry
 * causes.
 */
final class HttpErrors {

  /** JSON-RPC's codes, and -32000/-32001 from its range for server-defined errors. */
  static final int PARSE_ERROR = -32700;

  static final int INVALID_REQUEST = -32600;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;
  static final int SERVER_BUSY = -32000;

  /** As the TypeScript SDK answers an unknown session, which clients know to re-initialize on. */
  static final int SESSION_NOT_FOUND = -32001;

  /** Longest message we send: a few hundred bytes of body at most. */
  static final int MAX_MESSAGE_CHARS = 200;

  /**
   * SDK messages that say something useful and carry no internals, with what we answer instead. A
   * message that starts with none of them is replaced by the status's default.
   */
  private static final List<Map.Entry<String, String>> KNOWN =
      List.of(
          Map.entry(
              "Session not found",
              "session not found (it expired or was closed); send initialize to start a new one"),
          Map.entry(
              "Session ID required",
              "the Mcp-Session-Id header is missing; send initialize first and "
                  + "pass the id it returns"),
          Map.entry(
              "text/event-stream required",
              "the Accept header must list application/json and text/event-stream"),
          Map.entry(
              "application/json required",
              "the Accept header must list application/json and text/event-stream"),
          Map.entry("Unsupported Media Type", "Content-Type must be application/json"),
          Map.entry(
              "Server is shutting down",
              "the server is shutting down; retry on another instance or shortly"),
          Map.entry(
              "Session ID missing",
              "the sessionId query parameter is missing; open /sse to get a session"));

  private HttpErrors() {}

  /**
   * The body for {@code status}, given what the SDK (or Jetty) said, which is only used if known.
   */
  static byte[] forStatus(JsonNode id, int status, String sdkMessage) {
    return body(id, code(status), message(status, sdkMessage));
  }

  /** A JSON-RPC error body; {@code message} is cut to {@link #MAX_MESSAGE_CHARS}. */
  static byte[] body(JsonNode id, int code, String message) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("jsonrpc", "2.0");
    root.set("id", validId(id) ? id : JsonNodeFactory.instance.nullNode());
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put(
        "message",
        message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) : message);
    try {
      return Json.MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a tree of strings and numbers always serialises
    }
  }

  /** A JSON-RPC id is a string or a number; anything else (and a huge one) is not echoed. */
  static boolean validId(JsonNode id) {
    return id != null
        && (id.isTextual() && id.textValue().length() <= 100
            || id.isIntegralNumber() && id.canConvertToLong());
  }

  static int code(int status) {
    return switch (status) {
      case 404 -> SESSION_NOT_FOUND;
      case 429, 503 -> SERVER_BUSY;
      default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
    };
  }

  static String message(int status, String sdkMessage) {
    if (sdkMessage != null) {
      for (Map.Entry<String, String> known : KNOWN) {
        if (sdkMessage.startsWith(known.getKey())) {
          return known.getValue();
        }
      }
    }
    return switch (status) {
      case 400 -> "bad request: not a JSON-RPC message this endpoint accepts";
      case 404 ->
          "not found: the MCP endpoints are /mcp, /sse and /message; or the session expired, so "
              + "send initialize again";
      case 405 -> "method not allowed";
      case 406 -> "the Accept header must list application/json and text/event-stream";
      case 408 -> "the request body did not arrive in time (mcp.http.request-body-timeout)";
      case 413 -> "the request body is too large (mcp.http.max-request-size)";
      case 415 -> "Content-Type must be application/json";
      case 431 -> "the request headers are too large";
      case 503 -> "the server is busy or shutting down; retry shortly";
      default ->
          status >= 500
              ? "internal error; the server log has the details"
              : "request refused (HTTP " + status + ")";
    };
  }
}
