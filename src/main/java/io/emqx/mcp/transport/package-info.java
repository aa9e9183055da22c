/**
 * The transports around the one server: stdio ({@code StdioTransport}: stdout carries only the
 * protocol) and HTTP on embedded Jetty ({@code Http}, with its gate: bearer token, Host and Origin
 * checks, bounds per connection and per session, {@code HttpGate}, {@code Sessions}).
 *
 * <p>Owns: bytes in and out, and who may send them. May import: {@code server} and the layers
 * below.
 */
package io.emqx.mcp.transport;
