/**
 * Builds the MCP server once, whatever the transport ({@code McpServerFactory}): the guarded tools,
 * the resources and resource template ({@code Resources}), prompts and completions, and the
 * handling of requests whose params do not fit ({@code RequestParams}).
 *
 * <p>Owns: the MCP surface besides tools. May import: {@code policy}, {@code tools} and the layers
 * below; never {@code transport}.
 */
package io.emqx.mcp.server;
