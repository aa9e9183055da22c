package io.emqx.mcp.support;

import com.fasterxml.jackson.core.type.TypeReference;
import io.emqx.mcp.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A 2026-07-28 client by hand, on stdio ({@link RawRpc}) or HTTP ({@link RawHttp}, with the
 * mirrored headers a conforming client sends): the same requests, so that one test covers both
 * transports.
 */
public interface ModernWire {

  /** Sends a request and returns the JSON-RPC response (as a map). */
  Map<String, Object> request(String method, Map<String, Object> params) throws Exception;

  /** The notifications that came before the responses so far, in order. */
  List<Map<String, Object>> notifications();

  /** Over the stdio of an in-process server. */
  static ModernWire stdio(RawRpc rpc) {
    return new ModernWire() {
      @Override
      public Map<String, Object> request(String method, Map<String, Object> params)
          throws Exception {
        return rpc.call(method, params, Duration.ofSeconds(60));
      }

      @Override
      public List<Map<String, Object>> notifications() {
        return rpc.notifications();
      }
    };
  }

  /** Over HTTP, a POST per request from 127.0.0.1 with {@code token} (null: none). */
  static ModernWire http(URI base, String token) {
    AtomicLong ids = new AtomicLong();
    List<Map<String, Object>> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
    return new ModernWire() {
      @Override
      public Map<String, Object> request(String method, Map<String, Object> params)
          throws Exception {
        String body = Modern.request(ids.incrementAndGet(), method, params);
        RawHttp.Reply reply =
            RawHttp.post(base, "127.0.0.1", "/mcp", token, headers(method, params), body);
        List<Map<String, Object>> messages = messages(reply);
        notes.addAll(messages.subList(0, messages.size() - 1));
        return messages.get(messages.size() - 1);
      }

      @Override
      public List<Map<String, Object>> notifications() {
        return notes;
      }
    };
  }

  /** The mirrored headers of a request: method, version, and the name or URI where there is one. */
  static String headers(String method, Map<String, Object> params) {
    Object meta = params.get("_meta");
    Object version = meta instanceof Map<?, ?> m ? m.get(Modern.VERSION_KEY) : null;
    Object name = params.get(method.equals("resources/read") ? "uri" : "name");
    boolean named =
        method.equals("tools/call")
            || method.equals("prompts/get")
            || method.equals("resources/read");
    return "Mcp-Method: "
        + method
        + (version == null ? "" : "\r\nMCP-Protocol-Version: " + version)
        + (named && name instanceof String n ? "\r\nMcp-Name: " + headerValue(n) : "");
  }

  /**
   * A header value as the revision encodes it: as is when plain ASCII, else the base64 sentinel.
   */
  static String headerValue(String value) {
    boolean plain =
        value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)
            && value.equals(value.trim())
            && !(value.startsWith("=?base64?") && value.endsWith("?="));
    return plain
        ? value
        : "=?base64?"
            + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
            + "?=";
  }

  /** The JSON-RPC messages of a reply: its JSON body, or its SSE events in order. */
  static List<Map<String, Object>> messages(RawHttp.Reply reply) throws Exception {
    String type = reply.header("Content-Type");
    List<Map<String, Object>> out = new ArrayList<>();
    if (type != null && type.startsWith("text/event-stream")) {
      for (String line : reply.text().split("\n")) {
        if (line.startsWith("data: ")) {
          out.add(
              Json.MAPPER.readValue(
                  line.substring(6), new TypeReference<Map<String, Object>>() {}));
        }
      }
    } else {
      out.add(Json.MAPPER.readValue(reply.body(), new TypeReference<Map<String, Object>>() {}));
    }
    if (out.isEmpty()) {
      throw new AssertionError("no JSON-RPC message in " + reply.status() + " " + reply.text());
    }
    return out;
  }
}
