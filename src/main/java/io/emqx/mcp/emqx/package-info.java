/**
 * The EMQX 5 REST client: one method per endpoint ({@code EmqxClient}), routes as typed constants
 * ({@code Route}, shared with the tests), bounded HTTP exchanges ({@code HttpExchange}) and one
 * exception type ({@code EmqxApiException}: kind, status, EMQX code). It knows nothing of MCP.
 *
 * <p>Owns: what is sent to EMQX and how its answers are read and checked ({@code Shape}); the
 * answer records live in {@code emqx.model}. May import: {@code config}, {@code topic}, {@code
 * Json}.
 */
package io.emqx.mcp.emqx;
