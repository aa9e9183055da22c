/**
 * The tools: one class per group ({@code ClientTools}, {@code MessagingTools}, ...), each tool
 * declared as data next to its handler ({@code ToolSpec}); {@code ToolCatalog} lists them all.
 * Arguments are checked against the input schema ({@code ArgumentCheck}) and read with {@code
 * Args}; every failure becomes a result in one place, {@code Results}, with a code of {@code
 * ErrorCode}.
 *
 * <p>Owns: tool names, descriptions, schemas and the error codes of the contract. May import:
 * {@code diagnosis}, {@code emqx}, {@code mqtt}, {@code config}, {@code topic}, {@code Json}; never
 * {@code policy}, {@code server} or {@code transport}. Adding a tool to a group touches that
 * group's class and its {@code tools/list} snapshot.
 */
package io.emqx.mcp.tools;
