package io.emqx.mcp.server;

import io.emqx.mcp.Json;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.StringConcatFactory;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * Prepares, on a second thread at start-up, what the first request needs and the main thread does
 * not build, while it reads the settings and builds the server: logging, our JSON mapper, the
 * completion references' record methods and a string concatenation of the SDK's shape (see {@link
 * #run}), the protocol's Jackson mapper (its class initialisation alone is milliseconds), its
 * reader of a message as a map (every line is read so: {@code
 * McpSchema.deserializeJsonRpcMessage}), and the session's random id. The protocol's records
 * themselves are written and read without Jackson ({@link ProtocolJson}), so there is no
 * introspection of them left to do ahead. It uses the protocol mapper itself (its caches are what
 * the session reuses), touches nothing else, and writes nothing.
 */
public final class WarmUp {

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
          + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":{\"listChanged\":true},\"sampling\":{},"
          + "\"elicitation\":{}},\"clientInfo\":{\"name\":\"warm-up\",\"version\":\"0\"}}}";

  private WarmUp() {}

  /** Starts the warm-up on a daemon thread and returns at once. */
  public static void start() {
    Thread t = new Thread(WarmUp::run, "warm-up");
    t.setDaemon(true);
    t.start();
  }

  static void run() {
    // Logging's start (the provider looked up in the jar, its properties read): the main thread
    // wants its first logger once the settings are read.
    LoggerFactory.getILoggerFactory();
    // Our own JSON mapper, which the policy's audit log needs as the server is assembled: a first
    // ObjectMapper initialises much of Jackson.
    Json.MAPPER.getFactory();
    // The server's builder keys the completions by their reference (McpServer.completions): a
    // record's hashCode is linked at its first call (ObjectMethods' bootstrap, method handles spun
    // in a JVM that has just started), once per record class.
    new McpSchema.ResourceReference("warm-up").hashCode();
    new McpSchema.PromptReference("warm-up").hashCode();
    // The server's builder then names each tool in a string it concatenates (SDK 2.2.0
    // McpServer.validateToolSchema): the first such call site in the process links
    // StringConcatFactory's method handles, which later sites of the same shape reuse. Our own code
    // is compiled to concatenate without it (pom.xml: -XDstringConcat=inline).
    try {
      String unused =
          (String)
              StringConcatFactory.makeConcatWithConstants(
                      MethodHandles.lookup(),
                      "concat",
                      MethodType.methodType(String.class, String.class),
                      "Tool '\u0001' warm-up")
                  .dynamicInvoker()
                  .invokeExact("x");
    } catch (Throwable e) {
      LoggerFactory.getLogger(WarmUp.class).debug("warm-up skipped: {}", e.toString());
    }
    // The session's id is a random UUID: the first one opens the entropy source and loads the
    // security providers.
    UUID.randomUUID();
    McpJsonMapper mapper = McpServerFactory.jsonMapper();
    try {
      var init = (McpSchema.JSONRPCRequest) McpSchema.deserializeJsonRpcMessage(mapper, INITIALIZE);
      mapper.convertValue(init.params(), new TypeRef<McpSchema.InitializeRequest>() {});
    } catch (IOException | RuntimeException e) {
      // Only time is at stake: the session does the same work when the first request arrives.
      LoggerFactory.getLogger(WarmUp.class).debug("warm-up skipped: {}", e.toString());
    }
  }
}
