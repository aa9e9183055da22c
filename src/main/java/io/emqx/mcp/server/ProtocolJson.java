package io.emqx.mcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.Map;

/**
 * The protocol's JSON mapper: Jackson, except for the messages this server exchanges, which are
 * written ({@link ProtocolWriter}) and read ({@link ProtocolReader}) by hand where the result is
 * the same. In a fresh JVM Jackson's first use of each protocol record (introspecting it) was the
 * largest single cost of the start and of the first tool call; whatever the hand-written paths do
 * not cover goes to Jackson as before, so its output, coercions and errors stay as they were.
 *
 * <p>A JSON-RPC request or notification is also built straight from the map it was read as. The SDK
 * reads every message as a map and then converts the map to its record ({@code
 * McpSchema.deserializeJsonRpcMessage}), which with Jackson writes the whole message, params
 * included, to a token buffer and reads it back: a second parse of every request for a copy of what
 * the map already holds. The record is built here from the same values when they are of the types
 * Jackson would produce (strings for {@code jsonrpc} and {@code method} or none); anything else
 * goes to Jackson as before. The record's constructor checks what it always checks (an id of the
 * right kind, a method).
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
    Object record = ProtocolReader.read(fromValue, type);
    return record != null ? (T) record : delegate.convertValue(fromValue, type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T convertValue(Object fromValue, TypeRef<T> type) {
    Object record = ProtocolReader.read(fromValue, type.getType());
    return record != null ? (T) record : delegate.convertValue(fromValue, type);
  }

  @Override
  public byte[] writeValueAsBytes(Object value) throws IOException {
    byte[] json = ProtocolWriter.bytes(value);
    return json != null ? json : delegate.writeValueAsBytes(value);
  }

  @Override
  public String writeValueAsString(Object value) throws IOException {
    String json = ProtocolWriter.string(value);
    return json != null ? json : delegate.writeValueAsString(value);
  }
}
