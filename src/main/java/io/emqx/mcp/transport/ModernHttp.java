package io.emqx.mcp.transport;

import io.emqx.mcp.policy.ConfirmRound;
import io.emqx.mcp.policy.Identity;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.modern.server.transport.McpHeaderDecoder;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * One MCP 2026-07-28 POST to {@code /mcp}, after the gate (Host, Origin, token, body limits) let it
 * through: the mirrored headers checked against the body (-32020 when they disagree), the request
 * handed to the modern server, and its answer written: a single JSON object when it comes soon, an
 * SSE stream scoped to the request otherwise (progress first, the response last).
 *
 * <p>Written here rather than by the SDK's {@code HttpServletMcpTransport}, which runs a call on
 * the container's thread and notices a client that went away only when it next writes, so a call
 * without progress ran to its end for nobody. The revision makes closing the response stream the
 * cancellation; Jetty does not see a peer's close while nothing is read or written, so a call still
 * running after {@link #STREAM_AFTER} turns its answer into a stream and writes an SSE comment
 * every {@link #KEEP_ALIVE}: a write that fails is the client gone, and the call's subscription is
 * disposed (its thread interrupted; a REST change already sent is still seen through and audited,
 * as for a legacy cancellation). Every write happens on this request's container thread, which
 * nothing interrupts. Nothing of the request is kept once it is answered.
 */
final class ModernHttp {

  private static final Logger LOG = LoggerFactory.getLogger(ModernHttp.class);

  /** How long an answer may take and still come as one JSON object. */
  static final Duration STREAM_AFTER = Duration.ofMillis(500);

  /** How often a streamed answer without news proves its client is still there. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(1);

  /**
   * Progress notifications waiting to be written at most; more are dropped (the response never is).
   */
  static final int MAX_WAITING = 256;

  private static final byte[] COMMENT = ":\n\n".getBytes(StandardCharsets.UTF_8);
  private static final Object DONE = new Object();

  /**
   * JSON-RPC errors a modern client recognises by their HTTP status (2026-07-28 Streamable HTTP).
   */
  private static final Map<Integer, Integer> STATUS =
      Map.of(
          McpSchema.ErrorCodes.PARSE_ERROR,
          400,
          McpSchema.ErrorCodes.INVALID_REQUEST,
          400,
          McpSchema.ErrorCodes.INVALID_PARAMS,
          400,
          McpSchema.ErrorCodes.HEADER_MISMATCH,
          400,
          McpSchema.ErrorCodes.MISSING_REQUIRED_CLIENT_CAPABILITY,
          400,
          McpSchema.ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION,
          400,
          McpSchema.ErrorCodes.METHOD_NOT_FOUND,
          404,
          HttpErrors.SERVER_BUSY,
          503);

  private final McpRequestManager server;
  private final McpJsonMapper mapper;

  ModernHttp(McpRequestManager server, McpJsonMapper mapper) {
    this.server = server;
    this.mapper = mapper;
  }

  /** Answers the POST whose whole body is {@code body}. */
  void serve(HttpServletRequest req, HttpServletResponse res, byte[] body) throws IOException {
    JsonRpc.JSONRPCMessage message;
    try {
      message = JsonRpc.deserializeMessage(mapper, new String(body, StandardCharsets.UTF_8));
    } catch (JsonRpc.InvalidMessageException e) {
      SdkResponse.write(
          res, 400, HttpErrors.body(null, HttpErrors.INVALID_REQUEST, "not a JSON-RPC request"));
      return;
    } catch (IOException | RuntimeException e) {
      SdkResponse.write(
          res,
          400,
          HttpErrors.body(null, HttpErrors.PARSE_ERROR, "parse error: the body is not JSON"));
      return;
    }
    if (message instanceof JsonRpc.JSONRPCNotification) {
      // Over HTTP the revision has no client notifications (closing a stream cancels): accept,
      // ignore.
      res.setStatus(202);
      return;
    }
    if (!(message instanceof JsonRpc.JSONRPCRequest request)) {
      SdkResponse.write(
          res,
          400,
          HttpErrors.body(
              null,
              HttpErrors.INVALID_REQUEST,
              "this endpoint takes requests: the server sends no requests for a client to answer"));
      return;
    }
    String mismatch = headerMismatch(req, request);
    if (mismatch != null) {
      writeJson(
          res,
          400,
          JsonRpc.JSONRPCResponse.error(
              request.id(),
              new JsonRpc.JSONRPCResponse.JSONRPCError(
                  McpSchema.ErrorCodes.HEADER_MISMATCH, mismatch)));
      return;
    }
    Identity identity = Http.identity(req);
    McpTransportContext context =
        McpTransportContext.create(
            Map.of(
                McpHeaders.TRANSPORT_CONTEXT_KEY,
                McpHeaderDecoder.headers(headers(req)),
                // Without a session, a confirm_token is bound to its caller: the authenticated
                // identity, or the address when the server asks for none.
                ConfirmRound.CALLER_KEY,
                identity.kind() == Identity.Kind.ANONYMOUS
                    ? "http:" + req.getRemoteAddr()
                    : identity.key(),
                Identity.CONTEXT_KEY,
                identity,
                Identity.REMOTE_KEY,
                req.getRemoteAddr()));
    answer(res, request, context);
  }

  /**
   * Runs the request and writes what it answers, as it comes; disposes it when the client is gone.
   */
  private void answer(
      HttpServletResponse res, JsonRpc.JSONRPCRequest request, McpTransportContext context)
      throws IOException {
    LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    AtomicInteger waiting = new AtomicInteger();
    Disposable running =
        server
            .handle(context, request)
            .flatMapMany(
                response ->
                    response instanceof McpTransportResponse.Streaming stream
                        ? stream.messages()
                        : Flux.just(
                            response instanceof McpTransportResponse.Result r
                                ? r.response()
                                : ((McpTransportResponse.Error) response).response()))
            .subscribe(
                m -> {
                  if (m instanceof JsonRpc.JSONRPCResponse
                      || waiting.incrementAndGet() <= MAX_WAITING) {
                    events.add(m);
                  }
                },
                events::add,
                () -> events.add(DONE));
    long streamAt = System.nanoTime() + STREAM_AFTER.toNanos();
    ServletOutputStream out = null;
    boolean interrupted = false;
    try {
      while (true) {
        long waitNanos =
            out == null ? Math.max(1, streamAt - System.nanoTime()) : KEEP_ALIVE.toNanos();
        Object event;
        try {
          event = events.poll(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true; // not ours to act on: keep answering, restore it after
          continue;
        }
        if (event == DONE) {
          return;
        }
        if (event instanceof Throwable failure) {
          LOG.warn(
              "answering {} {} failed: {}", request.method(), request.id(), failure.toString());
          JsonRpc.JSONRPCResponse internal =
              JsonRpc.JSONRPCResponse.error(
                  request.id(),
                  new JsonRpc.JSONRPCResponse.JSONRPCError(
                      McpSchema.ErrorCodes.INTERNAL_ERROR, "Internal error"));
          if (out == null) {
            writeJson(res, 500, internal);
          } else {
            frame(out, internal);
          }
          return;
        }
        if (out == null && event instanceof JsonRpc.JSONRPCResponse response) {
          writeJson(
              res,
              response.error() == null ? 200 : STATUS.getOrDefault(response.error().code(), 200),
              response);
          continue; // DONE follows
        }
        if (out == null) {
          out = startStream(res);
        }
        if (event == null) {
          out.write(COMMENT);
          out.flush();
        } else {
          waiting.decrementAndGet();
          frame(out, (JsonRpc.JSONRPCMessage) event);
        }
      }
    } catch (IOException gone) {
      // Nobody to answer: the disposal below is the cancellation.
      LOG.debug("the client of {} {} went away; cancelling it", request.method(), request.id());
    } finally {
      running.dispose(); // a no-op once answered; the cancellation when the client has gone
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ServletOutputStream startStream(HttpServletResponse res) throws IOException {
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache, no-transform");
    res.setHeader("X-Accel-Buffering", "no");
    ServletOutputStream out = res.getOutputStream();
    out.flush();
    return out;
  }

  private void frame(ServletOutputStream out, JsonRpc.JSONRPCMessage message) throws IOException {
    out.write(
        ("event: message\ndata: " + mapper.writeValueAsString(message) + "\n\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void writeJson(HttpServletResponse res, int status, JsonRpc.JSONRPCResponse response)
      throws IOException {
    SdkResponse.write(res, status, mapper.writeValueAsBytes(response));
  }

  /**
   * What is wrong with the mirrored headers, or null: {@code Mcp-Method} must be the body's method,
   * {@code MCP-Protocol-Version} its {@code _meta} version, and {@code Mcp-Name} (base64 sentinel
   * decoded) the name or URI of a tools/call, prompts/get or resources/read. Each exactly once.
   */
  static String headerMismatch(HttpServletRequest req, JsonRpc.JSONRPCRequest request) {
    List<String> methods = Collections.list(req.getHeaders("Mcp-Method"));
    if (methods.size() != 1) {
      return methods.isEmpty()
          ? "Missing required header: Mcp-Method"
          : "Mcp-Method header has more than one value";
    }
    if (!methods.get(0).equals(request.method())) {
      return "Header mismatch: Mcp-Method header does not match the request's method";
    }
    Object params = request.params();
    Object meta = params instanceof Map<?, ?> p ? p.get("_meta") : null;
    Object version =
        meta instanceof Map<?, ?> m ? m.get(McpSchema.MetaKeys.PROTOCOL_VERSION) : null;
    if (version instanceof String bodyVersion) {
      List<String> versions = Collections.list(req.getHeaders("MCP-Protocol-Version"));
      if (versions.size() != 1) {
        return versions.isEmpty()
            ? "Missing required header: MCP-Protocol-Version"
            : "MCP-Protocol-Version header has more than one value";
      }
      if (!versions.get(0).equals(bodyVersion)) {
        return "Header mismatch: MCP-Protocol-Version header does not match the _meta protocol version";
      }
    }
    String key =
        switch (request.method()) {
          case "tools/call", "prompts/get" -> "name";
          case "resources/read" -> "uri";
          default -> null;
        };
    if (key == null
        || !(params instanceof Map<?, ?> p)
        || !(p.get(key) instanceof String expected)) {
      return null;
    }
    List<String> names = Collections.list(req.getHeaders("Mcp-Name"));
    if (names.size() != 1) {
      return names.isEmpty()
          ? "Missing required header: Mcp-Name"
          : "Mcp-Name header has more than one value";
    }
    String decoded = McpHeaderDecoder.decodeValue(names.get(0));
    if (decoded == null) {
      return "Mcp-Name header has a malformed value";
    }
    return expected.equals(decoded)
        ? null
        : "Header mismatch: Mcp-Name header does not match the request's " + key;
  }

  private static HeaderAccessor headers(HttpServletRequest req) {
    return new HeaderAccessor() {
      @Override
      public List<String> getHeader(String name) {
        return Collections.list(req.getHeaders(name));
      }

      @Override
      public List<String> getHeaderNames() {
        return Collections.list(req.getHeaderNames());
      }
    };
  }
}
