/**
 * The built-in fake EMQX 5.8 ({@code --mock-emqx}, and the tests): WireMock serving the files of
 * {@code mock-emqx/} with a stateful extension ({@code MockEmqxExtension}) that answers as EMQX
 * does (status, body, {@code meta}, errors; each class cites the EMQX source it follows), with
 * fault knobs.
 *
 * <p>A product of its own: it imports nothing of the server's packages, so it answers as EMQX does
 * rather than as our client expects, and only {@code Main} imports it.
 */
package io.emqx.mcp.mock;
