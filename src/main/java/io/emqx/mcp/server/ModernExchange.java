package io.emqx.mcp.server;

import io.emqx.mcp.policy.ConfirmRound;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncNotifier;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpLoggableSession;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A 2026-07-28 request seen through the exchange that the catalog's handlers (the runner, the
 * policy, the audit) take, so that one tool serves both eras with no second copy. What the request
 * carried in {@code _meta} becomes what a legacy session would have said: the client's info and
 * capabilities, and a "session" that exists for this request only. Its progress notifications go to
 * the request's own response stream; logging notifications go there too, at or above the level the
 * request asked for in {@code _meta} (none when it asked for none). Server-to-client requests do
 * not exist in this revision: asking for input goes through {@link ConfirmRound} (MRTR) instead, so
 * any such request fails at once.
 */
final class ModernExchange {

  /** The {@code _meta} key of the per-request log level (2026-07-28 has no logging/setLevel). */
  static final String LOG_LEVEL = io.modelcontextprotocol.modern.McpSchema.MetaKeys.LOG_LEVEL;

  private ModernExchange() {}

  /**
   * The exchange of one request.
   *
   * @param notifier the request's response stream; null when the client gave no progress token and
   *     asked for no logging, so that there is nothing to send before the result
   * @param round the confirmation state of a tools/call, or null
   */
  static McpSyncServerExchange of(
      McpRequestContext ctx, McpSyncNotifier notifier, ConfirmRound round) {
    McpTransportContext transport = ctx.transportContext();
    if (round != null) {
      transport = transport.putAll(Map.of(ConfirmRound.KEY, round));
    }
    McpSchema.LoggingLevel level = logLevel(ctx.meta());
    return new McpSyncServerExchange(
        new McpAsyncServerExchange(
            null,
            new RequestSession(notifier, level),
            capabilities(ctx),
            clientInfo(ctx),
            transport));
  }

  /**
   * The request's log level, or null for none. An unknown level is the client's mistake: -32602, as
   * {@code logging/setLevel} answered it in the legacy revisions.
   */
  static McpSchema.LoggingLevel logLevel(Map<String, Object> meta) {
    Object value = meta == null ? null : meta.get(LOG_LEVEL);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      for (McpSchema.LoggingLevel level : McpSchema.LoggingLevel.values()) {
        if (level.name().equalsIgnoreCase(s)) {
          return level;
        }
      }
    }
    throw io.modelcontextprotocol.modern.McpException.invalidParams(
        "_meta['"
            + LOG_LEVEL
            + "'] must be one of "
            + "debug, info, notice, warning, error, critical, alert, emergency");
  }

  /**
   * What the legacy handlers ask of a client: here only whether it could take a form (it cannot be
   * asked).
   */
  private static McpSchema.ClientCapabilities capabilities(McpRequestContext ctx) {
    // Elicitation is deliberately left out: asking goes through the round, never a server request.
    return McpSchema.ClientCapabilities.builder().build();
  }

  private static McpSchema.Implementation clientInfo(McpRequestContext ctx) {
    var info = ctx.clientInfo();
    return info == null
        ? null
        : new McpSchema.Implementation(info.name(), info.title(), info.version());
  }

  /** The one request's "session": its response stream, nothing more. */
  private record RequestSession(McpSyncNotifier notifier, McpSchema.LoggingLevel level)
      implements McpLoggableSession {

    @Override
    public <T> Mono<T> sendRequest(String method, Object requestParams, TypeRef<T> typeRef) {
      return Mono.error(
          McpError.builder(McpSchema.ErrorCodes.METHOD_NOT_FOUND)
              .message("MCP 2026-07-28 has no server-to-client requests (" + method + ")")
              .build());
    }

    @Override
    public Mono<Void> sendNotification(String method, Object params) {
      return Mono.fromRunnable(
          () -> {
            if (notifier == null) {
              return;
            }
            if (params instanceof McpSchema.ProgressNotification p) {
              notifier.progress(p.progress(), p.total(), p.message());
            } else if (params instanceof McpSchema.LoggingMessageNotification) {
              notifier.notify(method, params);
            }
          });
    }

    @Override
    public void setMinLoggingLevel(McpSchema.LoggingLevel minLevel) {
      // Per request in this revision: set from _meta when the exchange is made.
    }

    @Override
    public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel messageLevel) {
      return level != null && messageLevel.level() >= level.level();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }

    @Override
    public void close() {}
  }
}
