package io.emqx.mcp.transport;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One MCP request over HTTP as the server saw it, for Java Flight Recorder: from the gate's first
 * look at it (its body read) until its answer was written. Off unless a recording enables it
 * ({@code jcmd PID JFR.start settings=…} with {@code io.emqx.mcp.HttpRequest} enabled, or the load
 * benchmark's {@code --server-time}); then it costs a clock read and a thread-local write per
 * request. It separates the server's share of a call's latency from the client's and the network's:
 * a client-side p99 far above this one is time spent outside the server's request handling.
 */
@Name(RequestEvent.NAME)
@Label("MCP HTTP request")
@Category({"emqx-mcp-server", "HTTP"})
@Description("A POST to an MCP endpoint, from its body read to its answer written")
@Enabled(false)
@StackTrace(false)
final class RequestEvent extends jdk.jfr.Event {

  static final String NAME = "io.emqx.mcp.HttpRequest";

  @Label("JSON-RPC method")
  String method;

  @Label("Waited for a turn")
  @Description("Time spent waiting for a turn at the CPU (mcp.http.max-working-requests)")
  @Timespan(Timespan.NANOSECONDS)
  long queued;

  @Label("Waited for EMQX")
  @Description("Time the request gave its turn up while it waited for EMQX's answers")
  @Timespan(Timespan.NANOSECONDS)
  long emqx;
}
