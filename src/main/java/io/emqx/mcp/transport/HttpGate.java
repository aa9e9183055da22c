package io.emqx.mcp.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emqx.mcp.Json;
import io.emqx.mcp.config.HttpSettings;
import io.emqx.mcp.server.ModernServer;
import io.emqx.mcp.work.WorkQueue;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in front of every MCP endpoint, in this order: DNS-rebinding protection (a Host that is
 * not ours: 421; an Origin that is not allowed: 403), the bearer token (401 with {@code
 * WWW-Authenticate}), and shutdown (503 once draining, for whatever would start work). It also
 * counts the POSTs in flight, which is how a drain knows when the running calls have answered: both
 * SDK servlets block a POST until its response has been written. And it makes requests take turns
 * at the CPU ({@link WorkQueue}, {@code mcp.http.max-working-requests}).
 *
 * <p>The checks run here rather than in the SDK's security validator so that every endpoint answers
 * alike and a refusal says which setting to change.
 */
final class HttpGate implements Filter {

  private static final Logger LOG = LoggerFactory.getLogger(HttpGate.class);
  static final String REALM = "Bearer realm=\"emqx-mcp-server\"";

  /** What a refused initialize is told to wait: sessions free up as calls end. */
  static final String RETRY_AFTER_SECONDS = "5";

  private final Authenticator callers;
  private final String resource;
  private final List<String> origins;
  private final int maxRequestBytes;
  private final int maxInitializeBytes;
  private final Sessions sessions;
  private final SessionCloser closer;
  private final WorkQueue work;
  private final ModernHttp modern;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object idle = new Object();
  private volatile boolean draining;

  /** Closes a streamable session the SDK holds, from within a request to {@code /mcp}. */
  interface SessionCloser {
    void close(HttpServletRequest current, HttpServletResponse response, String sessionId);
  }

  HttpGate(HttpSettings settings) {
    this(settings, (current, response, id) -> {});
  }

  HttpGate(HttpSettings settings, SessionCloser closer) {
    this(settings, closer, null);
  }

  /**
   * @param modern serves the 2026-07-28 requests; null to answer every request as legacy
   */
  HttpGate(HttpSettings settings, SessionCloser closer, ModernHttp modern) {
    this(
        settings,
        closer,
        modern,
        new WorkQueue(settings.limits().workingRequests(), Http.MAX_TURN_WAIT));
  }

  HttpGate(HttpSettings settings, SessionCloser closer, ModernHttp modern, WorkQueue work) {
    this.modern = modern;
    this.work = work;
    var oauth = settings.callers().oauth();
    this.callers =
        new Authenticator(
            settings.callers(),
            oauth.enabled() ? new JwtVerifier(oauth, java.time.Clock.systemUTC()) : null);
    this.resource = oauth.resource();
    this.origins = settings.allowedOrigins();
    this.maxRequestBytes = settings.maxRequestBytes();
    this.maxInitializeBytes = settings.limits().maxInitializeBytes();
    this.sessions =
        new Sessions(
            settings.limits().maxSessions(),
            settings.limits().maxSessionsPerClient(),
            settings.sessionIdleTimeout(),
            System::nanoTime);
    this.closer = closer;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    String refusal = refusal(req, res);
    if (refusal != null) {
      LOG.info(
          "refused {} {} from {}: {}",
          req.getMethod(),
          req.getRequestURI(),
          req.getRemoteAddr(),
          refusal);
      return;
    }
    boolean counted = "POST".equals(req.getMethod());
    RequestEvent event = null;
    if (counted) {
      inFlight.incrementAndGet();
      event = new RequestEvent();
      event.begin();
    }
    JsonNode message = null;
    try {
      if (counted) {
        // FrontDoor has read the whole body already: take it, or read it (that does not wait).
        byte[] body =
            req.getAttribute(FrontDoor.BODY) instanceof byte[] b
                ? b
                : req.getInputStream().readNBytes(maxRequestBytes + 1);
        message = jsonRpc(body, res);
        if (message == null) {
          return;
        }
        req = new ReplayedBody(req, body);
      }
      // Checked after counting, so that a drain that saw zero cannot miss this request.
      if (draining && !admittedWhileDraining(req, message)) {
        reject(
            res,
            503,
            "shutting_down",
            "the server is shutting down; retry on another instance or shortly");
        return;
      }
      if (modern != null
          && message != null
          && "/mcp".equals(req.getServletPath())
          && isModern(req, message)) {
        // No session to account for: the request lives as long as its POST, and keeps nothing
        // after.
        // Not in the work queue: the call runs on the modern server's own pool, so this thread
        // would
        // hold its turn through every wait of the call.
        modern.serve(req, res, ((ReplayedBody) req).body);
        return;
      }
      SdkResponse sdk = new SdkResponse(res);
      JsonNode id = message == null ? null : message.get("id");
      // Requests take turns; a client's answer or notification is quick, and a call may wait for
      // it.
      boolean takesTurn = message != null && message.has("id") && message.has("method");
      try (WorkQueue.Turn turn = takesTurn ? work.enter() : null) {
        if ("/mcp".equals(req.getServletPath())) {
          if (takesTurn) {
            sdk.answerAsJson(id); // one request: its answer as one JSON body when it can be
          }
          streamable(req, sdk, chain, message);
        } else {
          legacySse(req, sdk, chain);
        }
        sdk.finish(id);
        if (event != null && turn != null) {
          event.queued = turn.waitedNanos();
          event.emqx = turn.pausedNanos();
        }
      }
    } finally {
      if (counted) {
        release();
        if (event.shouldCommit()) {
          event.method = message == null ? null : message.path("method").textValue();
          event.commit();
        }
      }
    }
  }

  /**
   * The body as one JSON-RPC message, or null after answering why not: the SDK's own answers to
   * garbage and batches are serialised exceptions, and these say what to send instead.
   */
  private static JsonNode jsonRpc(byte[] body, HttpServletResponse res) throws IOException {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    String problem = null;
    int code = HttpErrors.INVALID_REQUEST;
    try {
      problem = envelope(body, envelope);
    } catch (IOException notJson) {
      problem = "parse error: the body is not JSON";
      code = HttpErrors.PARSE_ERROR;
    }
    if (problem == null) {
      return envelope;
    }
    SdkResponse.write(res, 400, HttpErrors.body(envelope.get("id"), code, problem));
    return null;
  }

  /**
   * Reads a message's top-level {@code jsonrpc}, {@code id}, {@code method} and whether it has
   * {@code result}/{@code error} into {@code into}, streaming past everything else: a body of
   * megabytes is not built into a tree here (the SDK parses it again anyway).
   *
   * @return what is wrong with it as a JSON-RPC message, or null
   * @throws IOException when it is not JSON
   */
  private static String envelope(byte[] body, ObjectNode into) throws IOException {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new IOException("empty");
      }
      if (first == JsonToken.START_ARRAY) {
        return "batches are not supported: send one JSON-RPC message per request";
      }
      if (first != JsonToken.START_OBJECT) {
        p.skipChildren();
        return NOT_JSON_RPC;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "jsonrpc", "method" ->
              into.put(field, value == JsonToken.VALUE_STRING ? p.getText() : null);
          case "id" -> into.set("id", value.isScalarValue() ? p.readValueAsTree() : null);
          case "params" -> {
            into.put(field, true);
            if (value == JsonToken.START_OBJECT) {
              params(p, into);
              continue; // params() read the object to its end
            }
          }
          case "result", "error" -> into.put(field, true);
          default -> {}
        }
        p.skipChildren();
      }
      if (p.nextToken() != null) {
        throw new IOException("trailing content");
      }
    }
    boolean message = into.hasNonNull("method") || into.has("result") || into.has("error");
    return "2.0".equals(into.path("jsonrpc").textValue()) && message ? null : NOT_JSON_RPC;
  }

  /**
   * Reads a params object (the parser on its start) to its end, noting the protocol version its
   * {@code _meta} names, if any, as {@code "modern"}: what marks a 2026-07-28 request.
   */
  private static void params(JsonParser p, ObjectNode into) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if ("_meta".equals(field) && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonToken v = p.nextToken();
          if (ModernServer.VERSION_KEY.equals(key) && v == JsonToken.VALUE_STRING) {
            into.put("modern", p.getText());
          }
          p.skipChildren();
        }
        continue;
      }
      p.skipChildren();
    }
  }

  /**
   * Whether a POST to {@code /mcp} is a 2026-07-28 request (the revision's backward-compatibility
   * section): one that continues a session ({@code Mcp-Session-Id}) is legacy; one whose {@code
   * _meta} names a protocol version is modern, even an {@code initialize} (no legacy client sends
   * that {@code _meta}, and the revision answers its removed methods with -32601 and 404, which the
   * conformance suite's server-stateless checks); a plain {@code initialize} is legacy; any other
   * is modern when its {@code MCP-Protocol-Version} header names a revision that has no sessions
   * (so that a modern client that left out its {@code _meta} hears what is wrong from the modern
   * side). Anything else is legacy, answered as before.
   */
  static boolean isModern(HttpServletRequest req, JsonNode message) {
    if (req.getHeader(SdkResponse.SESSION_HEADER) != null) {
      return false;
    }
    String claimed = message.path("modern").textValue();
    if (claimed != null && !claimed.isBlank()) {
      return true;
    }
    if ("initialize".equals(message.path("method").textValue())) {
      return false;
    }
    String header = req.getHeader("MCP-Protocol-Version");
    return header != null && !LEGACY_VERSIONS.contains(header.trim());
  }

  /** The revisions that open sessions with initialize. */
  private static final java.util.Set<String> LEGACY_VERSIONS =
      java.util.Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

  private static final String NOT_JSON_RPC =
      "not a JSON-RPC 2.0 message: expected an object with \"jsonrpc\": \"2.0\" and a method";

  /**
   * A request to the streamable endpoint, with the sessions accounted: an {@code initialize} needs
   * a place within the limits, and every request of a session marks it busy until it ends.
   */
  private void streamable(
      HttpServletRequest req, SdkResponse res, FilterChain chain, JsonNode message)
      throws IOException, ServletException {
    if (message != null
        && "initialize".equals(message.path("method").textValue())
        && message.has("id")) {
      initialize(req, res, chain, message);
      return;
    }
    String sessionId = req.getHeader(SdkResponse.SESSION_HEADER);
    Sessions.Admission admission =
        sessionId == null ? Sessions.Admission.UNKNOWN : sessions.enter(sessionId, callerKey(req));
    if (admission == Sessions.Admission.FOREIGN) {
      LOG.debug("refused a request from {} for another caller's session", req.getRemoteAddr());
      res.sendError(404, UNKNOWN_SESSION);
      return;
    }
    boolean known = admission == Sessions.Admission.ADMITTED;
    boolean stream = false;
    try {
      chain.doFilter(req, res);
      if (known && req.isAsyncStarted() && "GET".equals(req.getMethod())) {
        // A GET stream lasts past this call: its session stays busy until the stream ends.
        req.getAsyncContext().addListener(new StreamEnd(() -> sessions.leave(sessionId)));
        stream = true;
      }
    } finally {
      if (known && !stream) {
        sessions.leave(sessionId);
      }
      if (known && (res.getStatus() == 404 || "DELETE".equals(req.getMethod()) && !res.failed())) {
        sessions.closed(sessionId);
      }
    }
  }

  private void initialize(
      HttpServletRequest req, SdkResponse res, FilterChain chain, JsonNode message)
      throws IOException, ServletException {
    int size = req.getContentLength();
    if (size > maxInitializeBytes) {
      SdkResponse.write(
          res,
          413,
          HttpErrors.body(
              message.get("id"),
              HttpErrors.INVALID_PARAMS,
              "initialize is "
                  + size
                  + " bytes; at most "
                  + maxInitializeBytes
                  + " are accepted (mcp.http.max-initialize-size)"));
      return;
    }
    Sessions.Ticket ticket =
        sessions.reserve(
            req.getRemoteAddr(),
            callerKey(req),
            id -> {
              LOG.debug("closing idle session {} to make room for a new one", id);
              closer.close(req, res, id);
            });
    if (ticket == null) {
      LOG.debug(
          "refused a session to {}: every session within the limits is busy", req.getRemoteAddr());
      res.setHeader("Retry-After", RETRY_AFTER_SECONDS);
      SdkResponse.write(
          res,
          503,
          HttpErrors.body(
              message.get("id"),
              HttpErrors.SERVER_BUSY,
              "too many sessions, "
                  + "all busy (mcp.http.max-sessions, mcp.http.max-sessions-per-client); retry later or end a session"));
      return;
    }
    String opened = null;
    try {
      chain.doFilter(req, res);
      opened = res.sessionId();
    } finally {
      if (opened != null) {
        sessions.opened(ticket, opened);
      } else {
        sessions.cancel(ticket);
      }
    }
  }

  /**
   * A request to the legacy HTTP+SSE endpoints, with each session bound to the caller that opened
   * its stream, as a streamable session is: {@code GET /sse} binds the id the SDK hands out ({@link
   * SseOpening}) until the stream ends; a {@code POST /message} for a session that is not bound to
   * its caller is answered as the SDK answers an unknown one (404, -32001), so that a leaked id
   * says nothing and does nothing; an admitted message acts as the opener ({@link
   * Sessions#streamMessage}).
   */
  private void legacySse(HttpServletRequest req, SdkResponse res, FilterChain chain)
      throws IOException, ServletException {
    if ("GET".equals(req.getMethod()) && "/sse".equals(req.getServletPath())) {
      io.emqx.mcp.policy.Identity opener = Http.identity(req);
      SseOpening opening = new SseOpening(res, id -> sessions.streamOpened(id, opener));
      boolean streaming = false;
      try {
        chain.doFilter(req, opening);
        streaming = req.isAsyncStarted();
      } finally {
        String id = opening.sessionId();
        if (id != null && streaming) {
          // Called even when the stream ends during this dispatch: AsyncContext.complete() takes
          // effect, and calls onComplete, only once the dispatch has returned.
          req.getAsyncContext().addListener(new StreamEnd(() -> sessions.streamClosed(id)));
        } else if (id != null) {
          sessions.streamClosed(id); // the endpoint event could not be sent: no session to use
        }
      }
      return;
    }
    String sessionId =
        "POST".equals(req.getMethod()) && "/message".equals(req.getServletPath())
            ? req.getParameter("sessionId")
            : null;
    if (sessionId != null) {
      Sessions.StreamMessage admitted = sessions.streamMessage(sessionId, Http.identity(req));
      if (admitted.actsAs() == null) {
        if (admitted.admission() == Sessions.Admission.FOREIGN) {
          LOG.debug("refused a message from {} for another caller's session", req.getRemoteAddr());
        }
        res.sendError(404, UNKNOWN_SESSION);
        return;
      }
      req.setAttribute(IDENTITY, admitted.actsAs());
    }
    chain.doFilter(req, res);
  }

  /**
   * How the SDK's servlets begin their answer to a session id they do not know: given to the
   * response as theirs would be, so that {@link SdkResponse#finish} turns another caller's session
   * into the very answer of an unknown one, byte for byte.
   */
  private static final String UNKNOWN_SESSION = "Session not found";

  /** Runs once when an async request (a GET stream) ends, however it ends. */
  private record StreamEnd(Runnable action) implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      action.run();
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }

  Sessions sessions() {
    return sessions;
  }

  WorkQueue work() {
    return work;
  }

  /** Answers and returns a reason when the request may not pass; null when it may. */
  private String refusal(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String rebinding = rebindingRefusal(req, res);
    return rebinding != null ? rebinding : tokenRefusal(req, res);
  }

  /** DNS-rebinding protection: the Host, and the Origin when there is one, must be ours. */
  private String rebindingRefusal(HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    String host = req.getHeader("Host");
    if (host == null) {
      reject(
          res,
          421,
          "misdirected_request",
          "a request needs a Host header (DNS-rebinding protection)");
      return "no Host header";
    }
    if (!hostAllowed(host, origins)) {
      reject(
          res,
          421,
          "misdirected_request",
          "Host '"
              + printable(host)
              + "' is not one this server answers to "
              + "(DNS-rebinding protection). If clients reach this server as http://"
              + printable(host)
              + ", allow "
              + "that URL: EMQX_MCP_ALLOWED_ORIGINS=http://"
              + printable(host)
              + " (comma-separated), the flag "
              + "--allowed-origins, or mcp.http.allowed-origins in the config file.");
      return "Host " + printable(host) + " not allowed";
    }
    String origin = req.getHeader("Origin");
    if (origin != null && !originAllowed(origin, origins)) {
      reject(
          res,
          403,
          "forbidden_origin",
          "Origin '"
              + printable(origin)
              + "' is not allowed "
              + "(DNS-rebinding protection). If it is yours, allow it: EMQX_MCP_ALLOWED_ORIGINS="
              + printable(origin)
              + " (comma-separated), the flag --allowed-origins, or mcp.http.allowed-origins in the config file.");
      return "Origin " + printable(origin) + " not allowed";
    }
    return null;
  }

  /**
   * Authenticates the caller ({@link Authenticator}) and leaves its identity in the request ({@link
   * #IDENTITY}), where the transports' context extractors find it; or answers 401 (no or a bad
   * token), 403 (a valid token that grants no role) or 503 (the issuer's keys cannot be fetched),
   * with {@code WWW-Authenticate} pointing an OAuth client at the protected-resource metadata.
   */
  private String tokenRefusal(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Authenticator.Outcome outcome =
        callers.authenticate(req.getHeader("Authorization"), resourceUrl(req));
    if (outcome instanceof Authenticator.Accepted accepted) {
      req.setAttribute(IDENTITY, accepted.identity());
      return null;
    }
    Authenticator.Refused refused = (Authenticator.Refused) outcome;
    String challenge =
        callers.oauth()
            ? "Bearer resource_metadata=\"" + metadataUrl(resourceUrl(req)) + "\""
            : REALM;
    if (refused.error() != null && refused.status() != 503) {
      challenge += ", error=\"" + refused.error() + "\"";
    }
    if (refused.status() == 403) {
      challenge += ", scope=\"" + io.emqx.mcp.config.Role.VIEWER.id() + "\"";
    }
    if (refused.status() != 503) {
      res.setHeader("WWW-Authenticate", challenge);
    } else {
      res.setHeader("Retry-After", String.valueOf(refused.retryAfterSeconds()));
    }
    reject(
        res,
        refused.status(),
        refused.error() == null ? "unauthorized" : refused.error(),
        refused.description());
    return refused.error() == null ? "no bearer token" : refused.error();
  }

  /** Whose a session is: the authenticated caller's key, or "" when the server takes no tokens. */
  private static String callerKey(HttpServletRequest req) {
    return req.getAttribute(IDENTITY) instanceof io.emqx.mcp.policy.Identity id ? id.key() : "";
  }

  /** The request attribute holding the authenticated {@link io.emqx.mcp.policy.Identity}. */
  static final String IDENTITY = io.emqx.mcp.policy.Identity.CONTEXT_KEY;

  /**
   * This server's resource URL as the request reached it: {@code mcp.http.oauth.resource}, or the
   * request's scheme and Host (checked against the allowed origins before this runs) with {@code
   * /mcp}.
   */
  String resourceUrl(HttpServletRequest req) {
    if (!resource.isEmpty()) {
      return resource;
    }
    return req.getScheme() + "://" + req.getHeader("Host") + "/mcp";
  }

  /** RFC 9728 §3.1: the well-known path inserted between the resource's host and its path. */
  static String metadataUrl(String resource) {
    java.net.URI uri = java.net.URI.create(resource);
    String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getRawAuthority() + ProtectedResource.PATH + path;
  }

  /**
   * While draining, only POSTs that start no work pass: a client's answer to a request of ours (an
   * elicitation or sampling that a call in flight waits for) or a notification (a cancellation).
   */
  private static boolean admittedWhileDraining(HttpServletRequest req, JsonNode message) {
    return "POST".equals(req.getMethod())
        && message != null
        && !(message.has("method") && message.has("id"));
  }

  /** A request whose body was read already, to be read again by the servlet. */
  private static final class ReplayedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReplayedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was read already; read it blocking");
        }
      };
    }
  }

  /**
   * Whether {@code host} (a Host header: name or address, maybe a port) matches an allowed origin.
   */
  static boolean hostAllowed(String host, List<String> origins) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    for (String origin : origins) {
      int scheme = origin.indexOf("://");
      if (authorityMatches(
          h, origin.substring(scheme + 3), origin.startsWith("https") ? "443" : "80")) {
        return true;
      }
    }
    return false;
  }

  /** Whether an Origin header matches an allowed origin (scheme, host and port). */
  static boolean originAllowed(String origin, List<String> origins) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    int scheme = o.indexOf("://");
    if (scheme < 0) {
      return false; // "null" (sandboxed frames, file pages) and other opaque origins
    }
    for (String allowed : origins) {
      int allowedScheme = allowed.indexOf("://");
      if (o.substring(0, scheme).equals(allowed.substring(0, allowedScheme))
          && authorityMatches(
              o.substring(scheme + 3),
              allowed.substring(allowedScheme + 3),
              allowed.startsWith("https") ? "443" : "80")) {
        return true;
      }
    }
    return false;
  }

  /** {@code host[:port]} against {@code host[:port|:*]}; a missing port is the scheme's default. */
  private static boolean authorityMatches(String actual, String allowed, String defaultPort) {
    if (allowed.endsWith(":*")) {
      String base = allowed.substring(0, allowed.length() - 2);
      return actual.equals(base)
          || actual.startsWith(base + ":") && isPort(actual.substring(base.length() + 1));
    }
    return actual.equals(allowed)
        || !hasPort(allowed) && actual.equals(allowed + ":" + defaultPort);
  }

  private static boolean hasPort(String authority) {
    int colon = authority.lastIndexOf(':');
    return colon > authority.lastIndexOf(']') && colon >= 0;
  }

  private static boolean isPort(String s) {
    return !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(Character::isDigit);
  }

  private void release() {
    if (inFlight.decrementAndGet() == 0 && draining) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /**
   * Refuses new requests from now on and waits for the POSTs in flight to answer.
   *
   * @return the number still running when {@code timeout} ran out (0: all answered)
   */
  int drain(Duration timeout) {
    draining = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (inFlight.get() > 0 && System.nanoTime() < deadline) {
        try {
          idle.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return inFlight.get();
  }

  boolean draining() {
    return draining;
  }

  int inFlight() {
    return inFlight.get();
  }

  /** A JSON refusal in the shape of RFC 6750's error responses. */
  static void reject(HttpServletResponse res, int status, String error, String description)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    res.setStatus(status);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.getOutputStream().write(Json.MAPPER.writeValueAsBytes(body));
  }

  /** A header value fit for a log line and a message: no control characters, bounded. */
  private static String printable(String value) {
    if (value == null) {
      return "(none)";
    }
    String clean = value.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
  }
}
