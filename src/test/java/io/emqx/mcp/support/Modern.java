package io.emqx.mcp.support;

import io.emqx.mcp.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests of MCP 2026-07-28 by hand: every request names the revision, the client's capabilities
 * and (optionally) its info in {@code _meta}, and there is no initialize.
 */
public final class Modern {

  public static final String VERSION = "2026-07-28";
  public static final String VERSION_KEY = "io.modelcontextprotocol/protocolVersion";
  public static final String CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";
  public static final String INFO_KEY = "io.modelcontextprotocol/clientInfo";
  public static final String LOG_LEVEL_KEY = "io.modelcontextprotocol/logLevel";

  /** A client that can show a form to its user. */
  public static final Map<String, Object> ELICITING =
      Map.of("elicitation", Map.of("form", Map.of()));

  private Modern() {}

  /** The {@code _meta} of a client with {@code capabilities}. */
  public static Map<String, Object> meta(Map<String, Object> capabilities) {
    return meta(VERSION, capabilities);
  }

  public static Map<String, Object> meta(String version, Map<String, Object> capabilities) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put(VERSION_KEY, version);
    meta.put(CAPABILITIES_KEY, capabilities);
    meta.put(INFO_KEY, Map.of("name", "modern-tests", "version", "1"));
    return meta;
  }

  /** {@code params} with the plain client's {@code _meta} added. */
  public static Map<String, Object> params(Map<String, Object> params) {
    return with(params, meta(Map.of()));
  }

  /** {@code params} with {@code meta} as their {@code _meta}. */
  public static Map<String, Object> with(Map<String, Object> params, Map<String, Object> meta) {
    Map<String, Object> all = new LinkedHashMap<>(params);
    all.put("_meta", meta);
    return all;
  }

  /** The text of a JSON-RPC request: what a client POSTs or writes as a line. */
  public static String request(Object id, String method, Map<String, Object> params) {
    try {
      return Json.MAPPER.writeValueAsString(
          Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The params of a {@code tools/call}. */
  public static Map<String, Object> call(String tool, Map<String, Object> arguments) {
    return params(Map.of("name", tool, "arguments", arguments));
  }
}
