package io.emqx.mcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import java.io.IOException;

/**
 * A JSON mapper that hands everything to another; a subclass overrides only the conversions it does
 * differently ({@link ProtocolJson}, {@link RequestParams}), so each says what it changes and
 * nothing else.
 */
abstract class ForwardingJsonMapper implements McpJsonMapper {

  protected final McpJsonMapper delegate;

  ForwardingJsonMapper(McpJsonMapper delegate) {
    this.delegate = delegate;
  }

  @Override
  public <T> T convertValue(Object fromValue, Class<T> type) {
    return delegate.convertValue(fromValue, type);
  }

  @Override
  public <T> T convertValue(Object fromValue, TypeRef<T> type) {
    return delegate.convertValue(fromValue, type);
  }

  @Override
  public <T> T readValue(String content, Class<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, Class<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public <T> T readValue(String content, TypeRef<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public String writeValueAsString(Object value) throws IOException {
    return delegate.writeValueAsString(value);
  }

  @Override
  public byte[] writeValueAsBytes(Object value) throws IOException {
    return delegate.writeValueAsBytes(value);
  }
}
