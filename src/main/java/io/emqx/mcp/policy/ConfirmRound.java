package io.emqx.mcp.policy;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Map;

/**
 * One MCP 2026-07-28 {@code tools/call} as the confirmation sees it. That revision has no
 * server-to-client requests: instead of asking the user mid-call (legacy elicitation), the server
 * answers {@code resultType: "input_required"} with an elicitation to show and a {@code
 * requestState}, and the client calls again with the user's answer in {@code inputResponses} and
 * the state it was given (multi round-trip requests, MRTR). The modern server puts one of these in
 * the call's transport context under {@link #KEY}; {@link Policy} reads it and, on a first round,
 * leaves what to ask in {@link #required()} while refusing the call, which the server then answers
 * as {@code input_required} instead of the refusal.
 *
 * <p>Lives for one request and holds only what that request carried: nothing is kept between rounds
 * except the spent-state record in {@link Confirmations}, which is bounded.
 */
public final class ConfirmRound {

  /** The transport-context key the modern server stores a round under. */
  public static final String KEY = "io.emqx.mcp/confirm-round";

  /**
   * The {@code requestState} as the policy sees it when the server could not open the client's
   * (tampered, expired, or sealed for another tool or method): never a state the policy issued.
   */
  public static final String INVALID_STATE = "\u0000invalid";

  /**
   * The transport-context key of who sent a modern request (an HTTP caller's address):
   * confirm_tokens of clients without elicitation are bound to it, as a legacy token is bound to
   * its session.
   */
  public static final String CALLER_KEY = "io.emqx.mcp/caller";

  /** How long a round's state (and a confirm_token) stays valid. */
  public static final java.time.Duration TTL = Confirmations.TTL;

  /** The key of the confirmation in {@code inputRequests} and {@code inputResponses}. */
  public static final String INPUT = "confirm";

  /** What to ask the user, and the state to hand back sealed (the server seals it). */
  public record Required(String message, Map<String, Object> requestedSchema, String state) {}

  private final boolean canElicit;
  private final String state;
  private final Map<String, Object> inputResponses;
  private final String caller;
  private volatile Required required;

  /**
   * @param canElicit whether the request declared the elicitation (form) capability
   * @param state the opened {@code requestState}, {@link #INVALID_STATE}, or null when none was
   *     sent
   * @param inputResponses the request's {@code inputResponses}, or null
   * @param caller who sent it, as the transport knows ({@link #CALLER_KEY}); null on stdio (one
   *     client)
   */
  public ConfirmRound(
      boolean canElicit, String state, Map<String, Object> inputResponses, String caller) {
    this.caller = caller == null ? "stdio" : caller;
    this.canElicit = canElicit;
    this.state = state;
    this.inputResponses = inputResponses;
  }

  /** The round of a call, or null for a legacy call (or one made without MCP). */
  static ConfirmRound of(McpSyncServerExchange exchange) {
    McpTransportContext context = exchange == null ? null : exchange.transportContext();
    return context != null && context.get(KEY) instanceof ConfirmRound round ? round : null;
  }

  /** Whom a confirm_token issued on this request belongs to: there is no session to bind it to. */
  String owner() {
    return "modern:" + caller;
  }

  boolean canElicit() {
    return canElicit;
  }

  /** Whether the client sent anything back: a state or answers (a second round). */
  boolean isRetry() {
    return state != null || inputResponses != null;
  }

  String state() {
    return state;
  }

  /**
   * The user's answer to {@link #INPUT}: its action and content, or null when absent or malformed.
   */
  Map<?, ?> answer() {
    return inputResponses != null && inputResponses.get(INPUT) instanceof Map<?, ?> m ? m : null;
  }

  void require(Required what) {
    this.required = what;
  }

  /** What the policy asked for on this round, or null when it did not refuse for want of input. */
  public Required required() {
    return required;
  }
}
