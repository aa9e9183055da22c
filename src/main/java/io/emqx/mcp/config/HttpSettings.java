package io.emqx.mcp.config;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP transport's settings ({@code mcp.http.*}): where to listen and how to guard it.
 *
 * @param allowedOrigins normalised {@code scheme://host[:port|:*]} values; the same hosts are the
 *     Host header values accepted (DNS-rebinding protection)
 * @param limits what one caller may hold of the server: connections, sessions, time to send a body
 * @param callers who may call, with which role: named tokens ({@code authToken} among them, as
 *     {@code default}) and an OAuth issuer
 */
public record HttpSettings(
    String host,
    int port,
    Secret authToken,
    List<String> allowedOrigins,
    Duration sessionIdleTimeout,
    int maxRequestBytes,
    Duration drainTimeout,
    Limits limits,
    CallerSettings callers) {

  /** Long enough that guessing is hopeless; {@code openssl rand -hex 32} gives 64. */
  static final int MIN_TOKEN_CHARS = 16;

  /**
   * The bundled defaults (application.conf), for code that builds settings without loading them.
   */
  public static HttpSettings defaults() {
    return DefaultValues.VALUE;
  }

  /**
   * Parsed on first use only: a normal start reads application.conf once, in {@link Settings#load}.
   */
  private static final class DefaultValues {
    static final HttpSettings VALUE = from(Defaults.bundled());
  }

  public HttpSettings {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** The same settings on another host and port (tests and the conformance server use port 0). */
  public HttpSettings listening(String newHost, int newPort) {
    return new HttpSettings(
        newHost,
        newPort,
        authToken,
        allowedOrigins,
        sessionIdleTimeout,
        maxRequestBytes,
        drainTimeout,
        limits,
        callers);
  }

  /** The same with {@code token} as the single auth-token (an admin named {@code default}). */
  public HttpSettings withAuthToken(Secret token) {
    return new HttpSettings(
        host,
        port,
        token,
        allowedOrigins,
        sessionIdleTimeout,
        maxRequestBytes,
        drainTimeout,
        limits,
        callers.withDefaultToken(token));
  }

  public HttpSettings withCallers(CallerSettings newCallers) {
    return new HttpSettings(
        host,
        port,
        authToken,
        allowedOrigins,
        sessionIdleTimeout,
        maxRequestBytes,
        drainTimeout,
        limits,
        newCallers);
  }

  /** The same settings accepting {@code more} origins too (normalised; duplicates dropped). */
  public HttpSettings allowing(List<String> more) {
    List<String> all = new ArrayList<>(allowedOrigins);
    more.stream().filter(o -> !all.contains(o)).forEach(all::add);
    return new HttpSettings(
        host,
        port,
        authToken,
        all,
        sessionIdleTimeout,
        maxRequestBytes,
        drainTimeout,
        limits,
        callers);
  }

  public HttpSettings withTimeouts(Duration idle, Duration drain) {
    return new HttpSettings(
        host, port, authToken, allowedOrigins, idle, maxRequestBytes, drain, limits, callers);
  }

  public HttpSettings withLimits(Limits newLimits) {
    return new HttpSettings(
        host,
        port,
        authToken,
        allowedOrigins,
        sessionIdleTimeout,
        maxRequestBytes,
        drainTimeout,
        newLimits,
        callers);
  }

  /**
   * Bounds on what callers can hold, so that one slow or flooding client cannot starve the others.
   * A "client" here is a remote address: behind a reverse proxy every caller shares the proxy's.
   *
   * @param maxSessions live streamable-HTTP sessions in all
   * @param maxSessionsPerClient live streamable-HTTP sessions one remote address may hold
   * @param maxInitializeBytes largest {@code initialize} request (its clientInfo and capabilities
   *     stay in memory for the session's life)
   * @param maxConnectionsPerClient open TCP connections one remote address may hold
   * @param requestBodyTimeout how long a request body may take to arrive, from its headers on
   * @param maxWorkingRequests requests worked on at once, the others waiting their turn in arrival
   *     order (a request waiting for EMQX or for its client not counted); 0: two per processor
   */
  public record Limits(
      int maxSessions,
      int maxSessionsPerClient,
      int maxInitializeBytes,
      int maxConnectionsPerClient,
      Duration requestBodyTimeout,
      int maxWorkingRequests) {

    /** {@link #maxWorkingRequests}, with 0 resolved to two per processor. */
    public int workingRequests() {
      return maxWorkingRequests > 0
          ? maxWorkingRequests
          : 2 * Runtime.getRuntime().availableProcessors();
    }
  }

  /** Reads {@code mcp.http}; every value is checked here, naming its key. */
  static HttpSettings from(Config c) {
    String host = c.getString("mcp.http.host").trim();
    if (host.isEmpty()) {
      throw new ConfigProblem(
          "mcp.http.host", "must not be empty (127.0.0.1 listens on loopback only)");
    }
    int port = c.getInt("mcp.http.port");
    if (port < 0 || port > 65535) {
      throw new ConfigProblem("mcp.http.port", "must be 0..65535 (0 picks a free port)");
    }
    Secret token = new Secret(c.getString("mcp.http.auth-token").trim());
    CallerSettings callers = CallerSettings.from(c); // checks auth-token's length too
    List<String> origins = new ArrayList<>();
    for (String origin : c.getStringList("mcp.http.allowed-origins")) {
      try {
        origins.add(normalizeOrigin(origin));
      } catch (ConfigProblem p) {
        throw new ConfigProblem("mcp.http.allowed-origins", p.detail(), p);
      }
    }
    Duration idle = positive(c, "mcp.http.session-idle-timeout");
    long maxBytes = c.getBytes("mcp.http.max-request-size");
    if (maxBytes < 1024 || maxBytes > Integer.MAX_VALUE) {
      throw new ConfigProblem("mcp.http.max-request-size", "must be between 1KiB and 2GiB");
    }
    return new HttpSettings(
        host,
        port,
        token,
        origins,
        idle,
        (int) maxBytes,
        positive(c, "mcp.http.drain-timeout"),
        limits(c),
        callers);
  }

  private static Limits limits(Config c) {
    int sessions = atLeast(c, "mcp.http.max-sessions", 1);
    int perClient = atLeast(c, "mcp.http.max-sessions-per-client", 1);
    if (perClient > sessions) {
      throw new ConfigProblem(
          "mcp.http.max-sessions-per-client",
          "must not exceed mcp.http.max-sessions (" + sessions + ")");
    }
    long initBytes = c.getBytes("mcp.http.max-initialize-size");
    if (initBytes < 1024 || initBytes > 1024 * 1024) {
      throw new ConfigProblem("mcp.http.max-initialize-size", "must be between 1KiB and 1MiB");
    }
    return new Limits(
        sessions,
        perClient,
        (int) initBytes,
        atLeast(c, "mcp.http.max-connections-per-client", 1),
        positive(c, "mcp.http.request-body-timeout"),
        atLeast(c, "mcp.http.max-working-requests", 0));
  }

  private static int atLeast(Config c, String key, int min) {
    int value = c.getInt(key);
    if (value < min) {
      throw new ConfigProblem(key, "must be at least " + min);
    }
    return value;
  }

  /**
   * Refuses to serve beyond loopback without a token: anyone who can reach the port could otherwise
   * kick clients and publish. Checked only when HTTP is the transport in use.
   */
  void requireTokenBeyondLoopback() {
    if (!callers.any() && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "mcp.http.host is "
              + host
              + ", which is reachable beyond this machine, "
              + "and no caller needs to authenticate (mcp.http.auth-token, mcp.http.tokens, mcp.http.oauth). Set EMQX_MCP_AUTH_TOKEN (e.g. to the output of openssl rand -hex 32) "
              + "or listen on 127.0.0.1.");
    }
  }

  /** True when every address the host name resolves to is a loopback address. */
  static boolean isLoopback(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      InetAddress[] addresses = InetAddress.getAllByName(bare);
      return Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("mcp.http.host: cannot resolve '" + host + "'", e);
    }
  }

  /** {@code scheme://host[:port|:*]}, lower-cased, without a path; {@code :*} means any port. */
  static String normalizeOrigin(String raw) {
    String origin = raw.trim().toLowerCase(Locale.ROOT);
    String why =
        "'"
            + Sources.shown(raw)
            + "' is not an origin such as http://localhost:*, "
            + "https://mcp.example.com or http://10.0.0.5:8080 (scheme://host[:port], no path, no user)";
    boolean anyPort = origin.endsWith(":*");
    URI uri;
    try {
      uri = URI.create(anyPort ? origin.substring(0, origin.length() - 2) : origin);
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem("mcp.http.allowed-origins", why, e);
    }
    boolean httpScheme = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
    if (!httpScheme
        || uri.getHost() == null
        || !bare
        || uri.getRawQuery() != null
        || uri.getUserInfo() != null
        || uri.getRawFragment() != null
        || (anyPort && uri.getPort() != -1)) {
      throw new ConfigProblem("mcp.http.allowed-origins", why);
    }
    return origin;
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw new ConfigProblem(key, "must be positive");
    }
    return d;
  }
}
