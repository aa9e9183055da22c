package io.emqx.mcp.mock;

/** A failure the fake EMQX can be told to answer every request with. */
public enum Fault {
  /** Answer normally. */
  NONE,
  /** 500 {@code {"code":"INTERNAL_ERROR",...}}, as minirest answers a crashed handler. */
  HTTP_500,
  /** 503 with an EMQX-shaped body, as during a restart or overload. */
  HTTP_503,
  /** The connection is reset before any answer (WireMock's CONNECTION_RESET_BY_PEER). */
  CONNECTION_RESET,
  /** 200 with a body that is not JSON. */
  MALFORMED_JSON,
  /** The connection closes without any answer (WireMock's EMPTY_RESPONSE). */
  EMPTY_RESPONSE
}
