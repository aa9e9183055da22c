package io.emqx.mcp.mock;

/** Answers one {@code transformerParameters.op} of the mapping files. */
@FunctionalInterface
interface Handler {
  Reply handle(Call call);
}
