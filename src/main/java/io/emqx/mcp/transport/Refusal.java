package io.emqx.mcp.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON-RPC error for an incoming line the SDK could not take, with the request's id whenever it
 * can be read, so that the caller waiting for that id gets its answer instead of waiting forever:
 * {@code -32700} for text that is not JSON, {@code -32600} for JSON that is no valid request (an id
 * that is neither a string nor an integer, a batch, a line over the size limit). The message says
 * what was wrong in the protocol's terms, never in Java's.
 *
 * @param id the request's id as sent (a string, number or boolean), or null when none can be read
 */
record Refusal(Object id, int code, String message) {

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;

  /** Why {@code line} (which the SDK refused) is no request it can handle. */
  static Refusal of(McpJsonMapper mapper, String line) {
    Object parsed;
    try {
      parsed = mapper.readValue(line, Object.class);
    } catch (IOException | RuntimeException notJson) {
      return new Refusal(null, PARSE_ERROR, "Parse error: the line is not JSON");
    }
    if (!(parsed instanceof Map<?, ?> message)) {
      return new Refusal(
          null,
          INVALID_REQUEST,
          parsed instanceof java.util.List<?>
              ? "Invalid Request: batches are not supported; send one JSON-RPC message per line"
              : "Invalid Request: a JSON-RPC message is a JSON object");
    }
    Object id = message.get("id");
    Object echoed = readableId(id);
    if (message.containsKey("id") && !validId(id)) {
      return new Refusal(
          echoed, INVALID_REQUEST, "Invalid Request: 'id' must be a string or an integer");
    }
    if (message.containsKey("method") && !(message.get("method") instanceof String)) {
      return new Refusal(echoed, INVALID_REQUEST, "Invalid Request: 'method' must be a string");
    }
    return new Refusal(
        echoed,
        INVALID_REQUEST,
        "Invalid Request: not a JSON-RPC 2.0 request, notification "
            + "or response ('jsonrpc': '2.0' with 'method', or 'result'/'error')");
  }

  /** A line longer than the limit: answered with its id when {@link IdScanner} found one. */
  static Refusal tooLong(Object id, int limit) {
    return new Refusal(
        readableId(id),
        INVALID_REQUEST,
        "Invalid Request: message longer than " + limit + " characters");
  }

  /**
   * What MCP accepts as a request id: a string or an integer (JSON-RPC allows more; MCP does not).
   */
  static boolean validId(Object id) {
    return id instanceof String
        || id instanceof Integer
        || id instanceof Long
        || id instanceof BigInteger;
  }

  /** An id worth echoing: any JSON scalar. An object or array is no id, whatever was meant. */
  static Object readableId(Object id) {
    return id instanceof String || id instanceof Number || id instanceof Boolean ? id : null;
  }

  /**
   * The error response, written with {@code mapper}: the SDK's response record refuses ids like 1.5
   * or null.
   */
  byte[] toJson(McpJsonMapper mapper) throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("jsonrpc", "2.0");
    response.put("id", id);
    response.put("error", error);
    return mapper.writeValueAsBytes(response);
  }

  /**
   * Finds the top-level {@code "id"} of a JSON object fed one character at a time, in constant
   * memory: for a line too long to keep, whose id may come after megabytes of params.
   */
  static final class IdScanner {
    private static final int MAX_ID_CHARS = 1024;
    private final McpJsonMapper mapper;
    private final StringBuilder token = new StringBuilder();
    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean tokenIsKeyCandidate;
    private boolean lastStringWasId;
    private boolean expectIdValue;
    private boolean inIdValue;
    private boolean done;
    private Object id;

    IdScanner(McpJsonMapper mapper) {
      this.mapper = mapper;
    }

    void feed(CharSequence chars) {
      for (int i = 0; i < chars.length() && !done; i++) {
        feed(chars.charAt(i));
      }
    }

    void feed(char c) {
      if (done) {
        return;
      }
      if (inString) {
        if (inIdValue || tokenIsKeyCandidate) {
          append(c);
        }
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
          if (inIdValue) {
            finish();
          } else if (tokenIsKeyCandidate) {
            lastStringWasId = token.toString().equals("\"id\"");
            tokenIsKeyCandidate = false;
          }
        }
        return;
      }
      if (inIdValue) {
        if (c == ',' || c == '}' || Character.isWhitespace(c)) {
          finish();
        } else {
          append(c);
        }
        return;
      }
      if (Character.isWhitespace(c)) {
        return;
      }
      if (expectIdValue) {
        expectIdValue = false;
        if (c == '{' || c == '[') {
          done = true; // an object or array: no id to echo
          return;
        }
        inIdValue = true;
        token.setLength(0);
        append(c);
        inString = c == '"';
        return;
      }
      switch (c) {
        case '"' -> {
          inString = true;
          tokenIsKeyCandidate = depth == 1;
          token.setLength(0);
          if (tokenIsKeyCandidate) {
            append(c);
          }
        }
        case ':' -> {
          expectIdValue = depth == 1 && lastStringWasId;
          lastStringWasId = false;
        }
        case '{', '[' -> {
          depth++;
          lastStringWasId = false;
        }
        case '}', ']' -> {
          depth--;
          lastStringWasId = false;
          done = depth <= 0;
        }
        default -> lastStringWasId = false;
      }
    }

    private void append(char c) {
      if (token.length() < MAX_ID_CHARS) {
        token.append(c);
      } else if (inIdValue) {
        done = true; // an id this long is not worth echoing
        inIdValue = false;
      }
    }

    private void finish() {
      inIdValue = false;
      done = true;
      try {
        id = mapper.readValue(token.toString(), Object.class);
      } catch (IOException | RuntimeException unreadable) {
        id = null;
      }
    }

    /** The top-level id read so far, or null. */
    Object id() {
      if (inIdValue && !inString) {
        finish(); // a number at the very end of the input
      }
      return id;
    }
  }
}
