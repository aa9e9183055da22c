package io.emqx.mcp.emqx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.emqx.mcp.Json;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.config.TlsMaterial;
import io.emqx.mcp.emqx.EmqxApiException.Kind;
import io.emqx.mcp.work.WorkQueue;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Type;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Credentials;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP exchange with EMQX and the mapping of every way it can fail to an {@link
 * EmqxApiException}. {@link EmqxClient} is the public face; this class keeps the wire details (auth
 * header, encoding, timeouts, error bodies) in one place for all its endpoints.
 *
 * <p>The OkHttp client is built on the first call, not at start-up: {@code initialize} and {@code
 * tools/list} never need it, and Claude Desktop starts us on every launch.
 */
final class HttpExchange {

  private static final Logger LOG = LoggerFactory.getLogger(EmqxClient.class);

  /** Bodies longer than this are cut in error messages: an HTML page is no use to an agent. */
  private static final int ERROR_SNIPPET = 300;

  /** EMQX's own error messages are short; a longer one is cut. */
  private static final int ERROR_MESSAGE = 1000;

  /** How much of an error answer is read: EMQX's {@code {"code","message"}} is far shorter. */
  private static final int ERROR_BODY_READ = 64 * 1024;

  private final Settings.Emqx settings;
  private final boolean readOnly;

  /**
   * Parsed on the first call: parsing loads OkHttp and Kotlin, which initialize and tools/list
   * never need.
   */
  private volatile HttpUrl base;

  private final ObjectMapper mapper = Json.MAPPER;
  private final ObjectReader reader =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final Redactor redactor;
  private volatile OkHttpClient http;

  /** The cluster's name, for the read-only refusal; null with a single cluster. */
  private final String cluster;

  /** See {@link #connectionEpoch()}. */
  private final AtomicLong epoch = new AtomicLong();

  /** True from a call that got no answer for want of a connection until one gets an answer. */
  private final AtomicBoolean lost = new AtomicBoolean();

  /** The cluster's facts, for {@link VersionGate} before each request; null: no gate. */
  private volatile Supplier<ClusterFacts> facts;

  HttpExchange(Settings.Emqx settings, boolean readOnly) {
    this(settings, readOnly, null);
  }

  HttpExchange(Settings.Emqx settings, boolean readOnly, String cluster) {
    this.settings = settings;
    this.readOnly = readOnly;
    this.cluster = cluster;
    this.redactor = Redactor.of(settings.apiKey(), settings.apiSecret().reveal());
  }

  /** Where {@link VersionGate} reads the cluster's version before a call's first request. */
  void gateWith(Supplier<ClusterFacts> source) {
    this.facts = source;
  }

  /**
   * Reads a 2xx body; a parse failure or a {@link Shape.Mismatch} becomes {@link
   * Kind#BAD_RESPONSE}.
   */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(int status, byte[] body) throws IOException, Shape.Mismatch;
  }

  /**
   * For answers whose body says nothing we need (204, a DELETE's 200): the body is not read at all.
   */
  static final BodyReader<Void> NO_BODY = (status, body) -> null;

  /** Decodes an answer as {@code type}, once it is known to have the shape that type promises. */
  <T> T read(byte[] body, TypeReference<T> type) throws IOException, Shape.Mismatch {
    return read(body, type.getType(), type);
  }

  /**
   * Decodes an answer as {@code type} after checking it against {@code shape}, for answers kept as
   * they come (a map of every client field) whose few fields the tools rely on are still promised.
   */
  <T> T read(byte[] body, Type shape, TypeReference<T> type) throws IOException, Shape.Mismatch {
    JsonNode node = tree(body);
    Shape.check(node, shape);
    if (node.isObject() && PLAIN_OBJECT.equals(type.getType())) {
      @SuppressWarnings("unchecked")
      T plain = (T) PlainJson.object(node);
      return plain;
    }
    return mapper.readerFor(type).readValue(node);
  }

  /** {@code Map<String, Object>}: an answer kept as it comes, built by {@link PlainJson}. */
  private static final Type PLAIN_OBJECT =
      new TypeReference<java.util.Map<String, Object>>() {}.getType();

  /** The answer as a JSON tree, credentials masked; trailing garbage after the JSON is an error. */
  JsonNode tree(byte[] body) throws IOException {
    JsonNode node = reader.readTree(body);
    if (node != null) {
      Shape.redact(node, redactor);
    }
    return node;
  }

  /** The route's URL with each {@code {…}} replaced by one fully percent-encoded segment. */
  HttpUrl.Builder url(Route route, String... segments) {
    HttpUrl.Builder url = base().newBuilder();
    int next = 0;
    for (String part : route.template().substring(1).split("/")) {
      if (part.startsWith("{")) {
        url.addEncodedPathSegment(PathSegment.encode(segments[next++]));
      } else {
        url.addPathSegment(part);
      }
    }
    return url;
  }

  static void query(HttpUrl.Builder url, String name, Object value) {
    if (value != null) {
      // OkHttp escapes '+' in query values, which matters: EMQX decodes a raw '+' as a space.
      url.addQueryParameter(name, value.toString());
    }
  }

  <T> T exchange(Route route, HttpUrl url, Object body, BodyReader<T> reader) {
    return exchange(route, url, body, reader, status -> false);
  }

  /**
   * Sends the request and reads the answer. {@code alsoRead} names non-2xx statuses whose body the
   * reader should see rather than an error (bulk publish answers 503 with per-message results).
   *
   * <p>Every answer is read through {@code emqx.max-response-size}, counted after OkHttp's
   * transparent gzip decoding (a 2 MB gzip that inflates to 2 GB stops at the cap), and OkHttp's
   * call timeout ({@code emqx.request-timeout}) runs until the last byte is read, so neither a huge
   * nor an endless nor a trickling body can hold memory or the call.
   */
  <T> T exchange(
      Route route, HttpUrl url, Object body, BodyReader<T> reader, IntPredicate alsoRead) {
    if (readOnly && route.mutates()) {
      // Defence in depth: the tool layer refuses first; this holds even for a tool that forgot.
      throw new EmqxApiException(
          Kind.READ_ONLY,
          route,
          0,
          null,
          null,
          (cluster == null
                  ? "the server is read-only (mcp.read-only = true); "
                  : "cluster '" + cluster + "' is read-only; ")
              + route
              + " was not sent",
          null);
    }
    if (route.needsAuth() && !settings.hasCredentials()) {
      throw new EmqxApiException(
          Kind.NOT_CONFIGURED, route, 0, null, null, settings.missingCredentials(), null);
    }
    if (facts != null) {
      VersionGate.check(route, facts);
    }
    long started = System.nanoTime();
    OkHttpClient client;
    try {
      client = http();
    } catch (IllegalArgumentException e) {
      // A TLS file that was fine at start-up and is gone or changed now; the next call tries again.
      throw fail(
          Kind.TLS,
          route,
          0,
          "cannot set up TLS to " + base().host() + ":" + base().port() + ": " + e.getMessage(),
          e);
    }
    TlsProgress progress = new TlsProgress();
    Request.Builder request =
        new Request.Builder()
            .url(url)
            .tag(TlsProgress.class, progress)
            .header("Accept", "application/json")
            .method(route.method(), body(route, body));
    if (route.needsAuth()) {
      request.header("Authorization", authorization());
    }
    // Waiting for EMQX, the request lets another take its turn at the CPU (HTTP transport only).
    WorkQueue.pause();
    try {
      return send(route, client.newCall(request.build()), reader, alsoRead, started, progress);
    } finally {
      WorkQueue.resume();
    }
  }

  private <T> T send(
      Route route,
      Call call,
      BodyReader<T> reader,
      IntPredicate alsoRead,
      long started,
      TlsProgress progress) {
    int status = 0;
    try (Response response = call.execute()) {
      status = response.code();
      answered();
      EmqxTrace.record(status);
      if (!response.isSuccessful() && !alsoRead.test(status)) {
        byte[] prefix =
            Bodies.prefix(response.body(), Math.min(ERROR_BODY_READ, settings.maxResponseSize()));
        abandon(call);
        throw httpError(route, status, prefix);
      }
      if (reader == NO_BODY) {
        return null;
      }
      byte[] bytes = Bodies.capped(response.body(), settings.maxResponseSize());
      LOG.debug("{} -> {} in {} ms", route, status, (System.nanoTime() - started) / 1_000_000);
      if (bytes == null) {
        abandon(call);
        throw fail(
            Kind.TOO_LARGE,
            route,
            status,
            "EMQX's answer to "
                + route
                + " ("
                + status
                + ") is longer than "
                + Bodies.size(settings.maxResponseSize())
                + " (emqx.max-response-size, env EMQX_MAX_RESPONSE_SIZE); "
                + "the rest was not read"
                + carriedOut(route, status),
            null);
      }
      return reader.read(status, bytes);
    } catch (Shape.Mismatch e) {
      throw fail(
          Kind.BAD_RESPONSE,
          route,
          status,
          "EMQX answered "
              + route
              + " ("
              + status
              + ") with a body "
              + "EMQX does not send: "
              + e.getMessage()
              + carriedOut(route, status),
          e);
    } catch (JsonProcessingException e) {
      throw fail(
          Kind.BAD_RESPONSE,
          route,
          status,
          "EMQX answered "
              + route
              + " ("
              + status
              + ") with a body "
              + "that is not the expected JSON (is emqx.api-url pointing at EMQX's HTTP API?)"
              // The parser's own words name a character and a position; a binder's name Java types.
              + (e instanceof StreamReadException ? ": " + e.getOriginalMessage() : "")
              + carriedOut(route, status),
          e);
    } catch (InterruptedIOException e) {
      if (progress.unfinished()) {
        throw tlsFailure(
            route,
            "the handshake did not finish within "
                + settings.requestTimeout().toMillis()
                + " ms: the port may not speak TLS ("
                + PLAIN_ADVICE
                + "), or a firewall holds the connection",
            e);
      }
      throw fail(
          Kind.TIMEOUT,
          route,
          status,
          (status == 0
                  ? "EMQX did not answer " + route
                  : "EMQX did not finish its answer to " + route)
              + " within "
              + settings.requestTimeout().toMillis()
              + " ms (emqx.request-timeout)"
              + carriedOut(route, status),
          e);
    } catch (UnknownHostException e) {
      throw unreachable(route, "cannot resolve host " + base().host(), e);
    } catch (ConnectException e) {
      throw unreachable(route, "connection refused by " + base().host() + ":" + base().port(), e);
    } catch (SSLException e) {
      String why = TlsMaterial.explain(e, settings.tls(), PLAIN_ADVICE);
      throw tlsFailure(route, why != null ? why : String.valueOf(e.getMessage()), e);
    } catch (IOException e) {
      if (status == 0 && progress.unfinished()) {
        String why = TlsMaterial.explain(e, settings.tls(), PLAIN_ADVICE);
        throw tlsFailure(
            route,
            why != null
                ? why
                : "the server closed the connection during the handshake: the port may not "
                    + "speak TLS ("
                    + PLAIN_ADVICE
                    + "), or it refused this client"
                    + (settings.tls().hasClientCertificate()
                        ? "'s certificate (emqx.tls.cert-file)"
                        : " for lack of a client certificate (emqx.tls.cert-file)"),
            e);
      }
      if (status == 0 && progress.rejectedAfterHandshake()) {
        // TLS 1.3 finishes the client's handshake before the server has judged its certificate;
        // a listener that refuses it then closes the connection, and the first write or read
        // fails without the alert. Nothing else closes a fresh connection before any answer.
        throw tlsFailure(
            route,
            "the server closed the connection right after the handshake, before any answer: "
                + (settings.tls().hasClientCertificate()
                    ? "it most likely rejected the client certificate in emqx.tls.cert-file; is "
                        + "it signed by a CA the listener trusts, still valid, and meant for "
                        + "client authentication?"
                    : "it most likely requires a client certificate (mTLS), and none is "
                        + "configured: set emqx.tls.cert-file and emqx.tls.key-file"),
            e);
      }
      String said = String.valueOf(e.getMessage());
      if (status == 0
          && !base().isHttps()
          && (said.contains("\u0015\u0003") || said.startsWith("unexpected end of stream"))) {
        // A TLS listener closes on plain HTTP (or answers with a TLS alert, read as a status line).
        throw unreachable(
            route,
            target()
                + " closed the connection without an HTTP answer: if it is an HTTPS listener "
                + "(EMQX's is 18084 by default), use https:// in emqx.api-url",
            e);
      }
      String what =
          "connection to " + base().host() + ":" + base().port() + " failed (" + ioDetail(e) + ")";
      if (status != 0) {
        lost.set(true); // the connection broke mid-answer: EMQX may be going down
        throw fail(
            Kind.UNREACHABLE,
            route,
            status,
            "EMQX's answer to "
                + route
                + " ("
                + status
                + ") broke off: "
                + what
                + carriedOut(route, status),
            e);
      }
      throw unreachable(route, what, e);
    }
  }

  /**
   * Drops the connection of a body we stop reading. Closing the response alone would make OkHttp
   * read on and discard the rest (for up to 100 ms, to reuse the connection): over loopback that is
   * a hundred megabytes of an endless answer pulled for nothing. Harmless once the body has ended.
   */
  private static void abandon(Call call) {
    call.cancel();
  }

  /** For a change that EMQX answered 2xx: it was made, whatever became of the answer. */
  private static String carriedOut(Route route, int status) {
    return route.mutates() && status >= 200 && status < 300
        ? ". EMQX reported success ("
            + status
            + "), so the change was probably made: check before retrying"
        : "";
  }

  /** Every failure goes through here, so that no credential EMQX echoed reaches a message. */
  private EmqxApiException fail(
      Kind kind, Route route, int status, String message, Throwable cause) {
    return new EmqxApiException(kind, route, status, null, null, redactor.redact(message), cause);
  }

  private RequestBody body(Route route, Object body) {
    if (body == null) {
      return route.method().equals("POST") || route.method().equals("PUT")
          ? RequestBody.create(new byte[0], JsonBody.TYPE)
          : null;
    }
    try {
      return RequestBody.create(mapper.writeValueAsBytes(body), JsonBody.TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
    }
  }

  /**
   * Counts reconnects: it moves on each time EMQX answers after a call that could not connect or
   * lost its connection without an answer (refused, reset, DNS, TLS). A timeout does not count: a
   * slow EMQX has not gone away. What was learnt about the cluster under an older epoch (its
   * version) may be stale.
   */
  long connectionEpoch() {
    return epoch.get();
  }

  private void answered() {
    if (lost.get() && lost.compareAndSet(true, false)) {
      epoch.incrementAndGet();
    }
  }

  private EmqxApiException unreachable(Route route, String what, IOException cause) {
    lost.set(true);
    return fail(
        Kind.UNREACHABLE,
        route,
        0,
        "cannot reach EMQX at "
            + base().scheme()
            + "://"
            + base().host()
            + ":"
            + base().port()
            + ": "
            + what,
        cause);
  }

  /** Reads EMQX's {@code {"code","message"}} or publish's {@code {"reason_code","message"}}. */
  EmqxApiException httpError(Route route, int status, byte[] body) {
    String code = null;
    Integer reasonCode = null;
    String message = null;
    try {
      JsonNode node = mapper.readTree(body);
      if (node != null && node.isObject()) {
        code = node.hasNonNull("code") ? node.get("code").asText() : null;
        reasonCode = node.hasNonNull("reason_code") ? node.get("reason_code").asInt() : null;
        message = node.hasNonNull("message") ? node.get("message").asText() : null;
      }
    } catch (IOException notJson) {
      // EMQX answers some errors in HTML or plain text (unknown paths, cowboy-level 400s).
    }
    int shown = ERROR_MESSAGE;
    if (message == null) {
      message =
          new String(body, StandardCharsets.UTF_8)
              .replaceAll("<[^>]*>", " ")
              .replaceAll("\\s+", " ")
              .trim();
      shown = ERROR_SNIPPET;
    }
    // Masked before it is cut, so that a cut cannot leave half a credential showing.
    message = redactor.redact(message);
    message =
        message.isEmpty()
            ? "(empty body)"
            : message.length() > shown ? message.substring(0, shown) + "…" : message;
    code = redactor.redact(code);
    String label = code != null ? code : reasonCode != null ? "reason code " + reasonCode : "";
    return new EmqxApiException(
        Kind.HTTP,
        route,
        status,
        code,
        reasonCode,
        redactor.redact(
            "EMQX answered "
                + status
                + (label.isEmpty() ? "" : " " + label)
                + ": "
                + message
                + " ("
                + route
                + ")"),
        null);
  }

  /** The Basic credential, encoded once rather than for every request. */
  private String authorization() {
    String header = authorization;
    if (header == null) {
      header =
          Credentials.basic(
              settings.apiKey(), settings.apiSecret().reveal(), StandardCharsets.UTF_8);
      authorization = header;
    }
    return header;
  }

  private volatile String authorization;

  /**
   * Builds the HTTP client now, sending nothing: its first build probes the JVM's security
   * providers (OkHttp's platform detection) and, for https://, loads the trust material, which a
   * start-up can do in the background instead of in the first tool call.
   */
  void prepare() {
    http();
  }

  private OkHttpClient http() {
    OkHttpClient client = http;
    if (client == null) {
      synchronized (this) {
        client = http;
        if (client == null) {
          long timeout = settings.requestTimeout().toMillis();
          OkHttpClient.Builder builder = new OkHttpClient.Builder();
          tls(builder);
          client =
              builder
                  .callTimeout(timeout, TimeUnit.MILLISECONDS)
                  .connectTimeout(Math.min(timeout, 10_000), TimeUnit.MILLISECONDS)
                  .readTimeout(timeout, TimeUnit.MILLISECONDS)
                  .writeTimeout(timeout, TimeUnit.MILLISECONDS)
                  // Agents fire calls in parallel; keep enough idle connections for a burst of 16+.
                  .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
                  .followRedirects(false)
                  .build();
          http = client;
        }
      }
    }
    return client;
  }

  /** What a port that does not speak TLS should be told. */
  private static final String PLAIN_ADVICE =
      "use http:// for a plain port, or the HTTPS listener's port (18084 by default on EMQX)";

  private String target() {
    return base().host() + ":" + base().port();
  }

  private EmqxApiException tlsFailure(Route route, String why, IOException cause) {
    return fail(
        Kind.TLS, route, 0, "TLS with EMQX at https://" + target() + " failed: " + why, cause);
  }

  /**
   * TLS for https:// built from {@code emqx.tls}, also when it is empty (the JVM's trust store):
   * our trust manager names the setting to fix when EMQX's certificate or name does not check out.
   */
  private void tls(OkHttpClient.Builder builder) {
    if (!base().isHttps()) {
      // Plain text only. Left with its default specs, OkHttp builds the JVM's trust store (parsing
      // every CA certificate) and an SSL context for any client, whatever its URLs: most of a
      // cold first call's CPU. No https:// URL reaches this client: every request is made on
      // base(), and redirects are not followed.
      builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
      return;
    }
    TlsMaterial material = settings.tls().material();
    String host = base().host();
    builder
        .sslSocketFactory(material.socketFactory(host), material.trustManager(host))
        .hostnameVerifier(material.hostnameVerifier(host))
        .eventListenerFactory(TlsProgress::listener);
  }

  /**
   * Whether this call's TLS handshake started and did not finish: a timeout or a closed connection
   * then is TLS's doing, and says so.
   */
  private static final class TlsProgress {
    private volatile boolean started;
    private volatile boolean finished;
    private volatile boolean tls13;

    boolean unfinished() {
      return started && !finished;
    }

    /** A TLS 1.3 handshake of this call finished (a new connection), then nothing came back. */
    boolean rejectedAfterHandshake() {
      return finished && tls13;
    }

    static EventListener listener(Call call) {
      TlsProgress p = call.request().tag(TlsProgress.class);
      if (p == null) {
        return EventListener.NONE;
      }
      return new EventListener() {
        @Override
        public void secureConnectStart(Call c) {
          p.started = true;
        }

        @Override
        public void secureConnectEnd(Call c, Handshake handshake) {
          p.tls13 = handshake != null && handshake.tlsVersion() == okhttp3.TlsVersion.TLS_1_3;
          p.finished = true;
        }
      };
    }
  }

  /** Releases connections and threads; safe to call when no call was ever made. */
  void close() {
    OkHttpClient client = http;
    if (client != null) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private HttpUrl base() {
    HttpUrl url = base;
    if (url == null) {
      url = HttpUrl.get(settings.apiUrl());
      base = url;
    }
    return url;
  }

  /**
   * A holder, so that OkHttp's MediaType loads with the first request body rather than with this
   * class.
   */
  private static final class JsonBody {
    static final MediaType TYPE = MediaType.get("application/json");
  }

  /**
   * What broke, in the words of the exception's message: the user reads it, so never a class name.
   * A message-less failure is named by what it is.
   */
  static String ioDetail(IOException e) {
    String said = e.getMessage();
    if (said != null && !said.isBlank()) {
      return said;
    }
    if (e instanceof EOFException) {
      return "the connection closed before the answer was complete";
    }
    if (e instanceof InterruptedIOException) {
      return "the exchange was interrupted or timed out";
    }
    if (e instanceof SocketException) {
      return "the connection broke";
    }
    return "an I/O error without detail";
  }
}
