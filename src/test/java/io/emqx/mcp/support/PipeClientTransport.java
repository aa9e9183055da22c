package io.emqx.mcp.support;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The client side of an in-process stdio connection, so the SDK's real {@code McpSyncClient} can
 * drive the real server and its {@code StdioTransport} without spawning a JVM. Lines are read on
 * one thread and written under a lock, as a stdio client would.
 */
public final class PipeClientTransport implements McpClientTransport {

  private final InputStream fromServer;
  private final OutputStream toServer;
  private final McpJsonMapper mapper;

  public PipeClientTransport(InputStream fromServer, OutputStream toServer, McpJsonMapper mapper) {
    this.fromServer = fromServer;
    this.toServer = toServer;
    this.mapper = mapper;
  }

  @Override
  public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  JSONRPCMessage message = McpSchema.deserializeJsonRpcMessage(mapper, line);
                  // The SDK client session handles the message (and sends any reply) inside the
                  // handler.
                  handler.apply(Mono.just(message)).subscribe();
                }
              } catch (IOException e) {
                // the server side closed: the test is over
              }
            },
            "test-client-reader");
    reader.setDaemon(true);
    reader.start();
    return Mono.empty();
  }

  @Override
  public Mono<Void> sendMessage(JSONRPCMessage message) {
    return Mono.fromRunnable(
        () -> {
          try {
            RawRpc.writeLine(toServer, mapper.writeValueAsBytes(message));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return mapper.convertValue(data, typeRef);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(
        () -> {
          try {
            toServer.close();
          } catch (IOException ignored) {
            // already closed
          }
        });
  }
}
