package io.emqx.mcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * The protocol's JSON mapper (Jackson), except that a JSON-RPC request or notification is built
 * straight from the map it was read as. The SDK reads every message as a map and then converts the
 * map to its record ({@code McpSchema.deserializeJsonRpcMessage}), which with Jackson writes the
 * whole message, params included, to a token buffer and reads it back: a second parse of every
 * request for a copy of what the map already holds. The record is built here from the same values
 * when they are of the types Jackson would produce (strings for {@code jsonrpc} and {@code method}
 * or none); anything else goes to Jackson as before, so its coercions and its errors stay as they
 * were. The record's constructor checks what it always checks (an id of the right kind, a method).
 */
final class ProtocolJson extends ForwardingJsonMapper {

  ProtocolJson(McpJsonMapper jackson) {
    super(jackson);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T convertValue(Object fromValue, Class<T> type) {
    if (fromValue instanceof Map<?, ?> map
        && map.get("jsonrpc") instanceof String jsonrpc
        && map.get("method") instanceof String method) {
      if (type == McpSchema.JSONRPCRequest.class) {
        return (T) new McpSchema.JSONRPCRequest(jsonrpc, method, map.get("id"), map.get("params"));
      }
      if (type == McpSchema.JSONRPCNotification.class) {
        return (T) new McpSchema.JSONRPCNotification(jsonrpc, method, map.get("params"));
      }
    }
    return delegate.convertValue(fromValue, type);
  }
}
