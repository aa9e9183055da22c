/**
 * Verdicts from EMQX's answers: why a client cannot connect ({@code ClientDiagnosis}), how the
 * cluster is ({@code ClusterHealth}), as {@code Finding}s with a severity and what to do next.
 *
 * <p>Owns: the judgement rules. May import: {@code emqx}, {@code mqtt}, {@code config}, {@code
 * topic}, {@code Json}; never the tool or MCP layers.
 */
package io.emqx.mcp.diagnosis;
