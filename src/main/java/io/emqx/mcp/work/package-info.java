/**
 * Turns at the CPU: a fair, bounded, first-come queue ({@code WorkQueue}) that the HTTP server puts
 * each request through, and that the EMQX client and the tool runner step out of while they wait
 * for something other than the CPU (EMQX, a person's confirmation, the audit's disk).
 *
 * <p>Owns: who works next. May import: nothing of ours; it sits at the bottom so that transport,
 * tools and the EMQX client can all use it.
 */
package io.emqx.mcp.work;
