package io.emqx.mcp.emqx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emqx.mcp.Json;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.EmqxApiException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import javax.net.ssl.SSLException;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP exchange with EMQX and the mapping of every way it can fail to an
 * {@link EmqxApiException}. {@link EmqxClient} is the public face; this class keeps the wire
 * details (auth header, encoding, timeouts, error bodies) in one place for all its endpoints.
 *
 * <p>The OkHttp client is built on the first call, not at start-up: {@code initialize} and
 * {@code tools/list} never need it, and Claude Desktop starts us on every launch.
 */
final class HttpExchange {

  private static final Logger LOG = LoggerFactory.getLogger(EmqxClient.class);
  /** Bodies longer than this are cut in error messages: an HTML page is no use to an agent. */
  private static final int ERROR_SNIPPET = 300;

  private final Settings.Emqx settings;
  private final boolean readOnly;
  /** Parsed on the first call: parsing loads OkHttp and Kotlin, which initialize and tools/list never need. */
  private volatile HttpUrl base;
  private final ObjectMapper mapper = Json.MAPPER;
  private volatile OkHttpClient http;

  HttpExchange(Settings.Emqx settings, boolean readOnly) {
    this.settings = settings;
    this.readOnly = readOnly;
  }

  /** Reads a 2xx body; a parse failure becomes {@link Kind#BAD_RESPONSE}. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(int status, byte[] body) throws IOException;
  }

  <T> T read(byte[] body, TypeReference<T> type) throws IOException {
    return mapper.readValue(body, type);
  }

  JsonNode tree(byte[] body) throws IOException {
    return mapper.readTree(body);
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
   */
  <T> T exchange(Route route, HttpUrl url, Object body, BodyReader<T> reader, IntPredicate alsoRead) {
    if (readOnly && route.mutates()) {
      // Defence in depth: the tool layer refuses first; this holds even for a tool that forgot.
      throw new EmqxApiException(Kind.READ_ONLY, route.toString(), 0, null, null,
          "the server is read-only (mcp.read-only = true); " + route + " was not sent", null);
    }
    if (route.needsAuth() && !settings.hasCredentials()) {
      throw new EmqxApiException(Kind.NOT_CONFIGURED, route.toString(), 0, null, null,
          settings.missingCredentials(), null);
    }
    long started = System.nanoTime();
    Request.Builder request = new Request.Builder()
        .url(url)
        .header("Accept", "application/json")
        .method(route.method(), body(route, body));
    if (route.needsAuth()) {
      request.header("Authorization", Credentials.basic(settings.apiKey(), settings.apiSecret().reveal(),
          StandardCharsets.UTF_8));
    }
    try (Response response = http().newCall(request.build()).execute()) {
      EmqxTrace.record(response.code());
      byte[] bytes = response.body().bytes();
      LOG.debug("{} -> {} in {} ms", route, response.code(), (System.nanoTime() - started) / 1_000_000);
      if (response.isSuccessful() || alsoRead.test(response.code())) {
        return reader.read(response.code(), bytes);
      }
      throw httpError(route, response.code(), bytes);
    } catch (JsonProcessingException e) {
      throw new EmqxApiException(Kind.BAD_RESPONSE, route.toString(), 0, null, null,
          "EMQX answered " + route + " with a body that is not the expected JSON (is emqx.api-url "
              + "pointing at EMQX's HTTP API?): " + e.getOriginalMessage(), e);
    } catch (InterruptedIOException e) {
      throw new EmqxApiException(Kind.TIMEOUT, route.toString(), 0, null, null,
          "EMQX did not answer " + route + " within " + settings.requestTimeout().toMillis()
              + " ms (emqx.request-timeout)", e);
    } catch (UnknownHostException e) {
      throw unreachable(route, "cannot resolve host " + base().host(), e);
    } catch (ConnectException e) {
      throw unreachable(route, "connection refused by " + base().host() + ":" + base().port(), e);
    } catch (SSLException e) {
      throw unreachable(route, "TLS handshake with " + base().host() + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw unreachable(route, "connection to " + base().host() + ":" + base().port()
          + " failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }
  }

  private RequestBody body(Route route, Object body) {
    if (body == null) {
      return route.method().equals("POST") || route.method().equals("PUT")
          ? RequestBody.create(new byte[0], JsonBody.TYPE) : null;
    }
    try {
      return RequestBody.create(mapper.writeValueAsBytes(body), JsonBody.TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
    }
  }

  private EmqxApiException unreachable(Route route, String what, IOException cause) {
    return new EmqxApiException(Kind.UNREACHABLE, route.toString(), 0, null, null,
        "cannot reach EMQX at " + base().scheme() + "://" + base().host() + ":" + base().port() + ": " + what,
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
    if (message == null) {
      String text = new String(body, StandardCharsets.UTF_8).replaceAll("<[^>]*>", " ")
          .replaceAll("\\s+", " ").trim();
      message = text.isEmpty() ? "(empty body)"
          : text.length() > ERROR_SNIPPET ? text.substring(0, ERROR_SNIPPET) + "…" : text;
    }
    String label = code != null ? code : reasonCode != null ? "reason code " + reasonCode : "";
    return new EmqxApiException(Kind.HTTP, route.toString(), status, code, reasonCode,
        "EMQX answered " + status + (label.isEmpty() ? "" : " " + label) + ": " + message
            + " (" + route + ")", null);
  }

  private OkHttpClient http() {
    OkHttpClient client = http;
    if (client == null) {
      synchronized (this) {
        client = http;
        if (client == null) {
          long timeout = settings.requestTimeout().toMillis();
          client = new OkHttpClient.Builder()
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

  /** A holder, so that OkHttp's MediaType loads with the first request body rather than with this class. */
  private static final class JsonBody {
    static final MediaType TYPE = MediaType.get("application/json");
  }
}
