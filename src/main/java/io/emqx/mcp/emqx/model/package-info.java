/**
 * EMQX's answers and requests as records ({@code ClientSummary}, {@code Page}, {@code
 * PublishResult}, ...), with the JSON names EMQX uses. Values only.
 *
 * <p>Owns: the shapes of EMQX's API as this server reads them. May import: {@code Json} and the
 * JDK.
 */
package io.emqx.mcp.emqx.model;
