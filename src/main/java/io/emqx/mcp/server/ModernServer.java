package io.emqx.mcp.server;

import io.emqx.mcp.policy.ConfirmRound;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.HmacRequestStateCodec;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.modern.server.RequestStateCodec;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * MCP 2026-07-28, the stateless revision: the SDK's modern server ({@code server/discover}, the
 * version check with -32022, {@code resultType}, cache hints, sealing of {@code requestState}) over
 * the same catalog as the legacy server ({@link ModernCatalog}). Transports hand it one request at
 * a time, whatever connection it came on, and write what it answers; nothing of a request is kept
 * once it is answered.
 *
 * <p>Requests run on a pool of their own, never on the transport's thread: cancelling a request
 * (stdio's {@code notifications/cancelled}, a closed HTTP response stream) disposes its
 * subscription, which interrupts that pool thread only, the way the legacy server's cancellation
 * interrupts its worker. The transport's own threads, which write to the client, never see an
 * interrupt.
 */
public final class ModernServer implements McpRequestManager {

  /** The revision this server speaks per request. */
  public static final String VERSION = "2026-07-28";

  /** The {@code _meta} key a modern request names its revision under. */
  public static final String VERSION_KEY = McpSchema.MetaKeys.PROTOCOL_VERSION;

  /** Requests running at once at most; more are refused as busy rather than queued. */
  static final int MAX_RUNNING = 256;

  /** JSON-RPC's server-defined "busy" (as the HTTP transport answers when out of sessions). */
  static final int SERVER_BUSY = -32000;

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService POOL =
      new ThreadPoolExecutor(
          0,
          MAX_RUNNING,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "mcp-modern-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
  private static final Scheduler SCHEDULER = Schedulers.fromExecutorService(POOL, "mcp-modern");

  private final McpServer sdk;

  ModernServer(
      McpJsonMapper mapper, ModernCatalog catalog, JsonSchemaValidator validator, Clock clock) {
    Set<Map<String, Object>> inputs = Collections.newSetFromMap(new IdentityHashMap<>());
    inputs.addAll(catalog.inputSchemas());
    JsonSchemaValidator outputsOnly =
        (schema, value) ->
            inputs.contains(schema)
                ? JsonSchemaValidator.ValidationResponse.asValid(null)
                : validator.validate(schema, value);
    this.sdk =
        McpServer.builder()
            .serverInfo(
                McpSchema.Implementation.builder(McpServerFactory.NAME, McpServerFactory.version())
                    .title("EMQX MCP server")
                    .build())
            .instructions(McpServerFactory.INSTRUCTIONS)
            .supportedVersions(List.of(VERSION))
            .jsonMapper(mapper)
            .feature(
                ToolsFeature.ofSync(
                    catalog.tools(),
                    mapper,
                    outputsOnly,
                    ModernCatalog.STATIC_TTL_MS,
                    ModernCatalog.SCOPE))
            .feature(
                ResourcesFeature.ofSync(
                    catalog.resources(), mapper, ModernCatalog.STATIC_TTL_MS, ModernCatalog.SCOPE))
            .feature(
                PromptsFeature.ofSync(
                    catalog.prompts(), mapper, ModernCatalog.STATIC_TTL_MS, ModernCatalog.SCOPE))
            .discoverCache(ModernCatalog.STATIC_TTL_MS, ModernCatalog.SCOPE)
            .requestStateCodec(new StateCodec(mapper, clock))
            .build();
  }

  /**
   * Answers one request. A result or an error comes as such; a streaming answer (a call with a
   * progress token) as its messages, the last of them the response. Disposing the subscription
   * cancels the request.
   */
  @Override
  public Mono<McpTransportResponse> handle(
      McpTransportContext context, JsonRpc.JSONRPCRequest request) {
    return Mono.defer(() -> sdk.handleBlocking(context, request))
        .map(
            response ->
                response instanceof McpTransportResponse.Streaming s
                    ? McpTransportResponse.streaming(s.messages().subscribeOn(SCHEDULER))
                    : response)
        .subscribeOn(SCHEDULER)
        .onErrorResume(
            RejectedExecutionException.class,
            busy ->
                Mono.just(
                    McpTransportResponse.error(
                        JsonRpc.JSONRPCResponse.error(
                            request.id(),
                            new JsonRpc.JSONRPCResponse.JSONRPCError(
                                SERVER_BUSY,
                                "too many requests running ("
                                    + MAX_RUNNING
                                    + "); retry shortly")))));
  }

  /** The same: every request runs on the pool, whoever asks. */
  @Override
  public Mono<McpTransportResponse> handleBlocking(
      McpTransportContext context, JsonRpc.JSONRPCRequest request) {
    return handle(context, request);
  }

  /**
   * The revision defines no notification from client to server but the cancellation, which
   * transports handle.
   */
  @Override
  public Mono<Void> handleNotification(
      McpTransportContext context, JsonRpc.JSONRPCNotification notification) {
    return Mono.empty();
  }

  /**
   * Whether a message's params claim the modern revision: {@code _meta} names a protocol version.
   * That, not the method, is what makes a request modern (a legacy client never sends it).
   */
  public static boolean claimsModern(Object params) {
    return params instanceof Map<?, ?> p
        && p.get("_meta") instanceof Map<?, ?> meta
        && meta.get(VERSION_KEY) instanceof String v
        && !v.isBlank();
  }

  /**
   * The SDK's HMAC seal (a random key per process, an expiry, bound to the method and tool name)
   * around the policy's round state. A state it cannot open (altered, expired, or sealed for
   * another call) reaches the policy as {@link ConfirmRound#INVALID_STATE}, so that the caller gets
   * the contract's {@code CONFIRMATION_REQUIRED} rather than a bare -32602.
   */
  private static final class StateCodec implements RequestStateCodec {
    private final HmacRequestStateCodec hmac;

    StateCodec(McpJsonMapper mapper, Clock clock) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      this.hmac =
          HmacRequestStateCodec.builder()
              .key(key)
              .ttl(ConfirmRound.TTL)
              .clock(clock)
              .jsonMapper(mapper)
              .build();
    }

    @Override
    public String seal(McpRequestContext ctx, String state) {
      return hmac.seal(ctx, state);
    }

    @Override
    public String open(McpRequestContext ctx, String sealed) {
      String opened = hmac.open(ctx, sealed);
      return opened == null ? ConfirmRound.INVALID_STATE : opened;
    }
  }
}
