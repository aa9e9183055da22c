/**
 * The operator's guard, applied once around every tool ({@code Policy}): read-only mode, enabled
 * and disabled tools ({@code ToolSelection}, {@code Glob}), topic rules, protected clients,
 * confirmations ({@code Confirmations}), the mutation rate limit ({@code RateLimiter}) and the
 * audit log ({@code AuditLog}). Tools never check these themselves.
 *
 * <p>Owns: what a caller may do. May import: {@code tools}, {@code diagnosis}, {@code emqx}, {@code
 * mqtt}, {@code config}, {@code topic}, {@code Json}.
 */
package io.emqx.mcp.policy;
