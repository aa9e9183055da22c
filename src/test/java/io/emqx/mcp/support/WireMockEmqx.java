package io.emqx.mcp.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import io.emqx.mcp.emqx.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's EMQX: WireMock on loopback under WireMock's own JUnit 5 extension, started before
 * the class, stopped after it, and reset to no stubs and an empty request journal before each test.
 * Register it on a static field:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final WireMockEmqx wm = WireMockEmqx.create();
 * </pre>
 *
 * <p>Three additions to the stock extension. The port sticks: the stock one stops the server after
 * each {@code @Nested} class and starts the next on a new dynamic port (wiremock/wiremock#2086),
 * while a server under test built in {@code @BeforeAll} keeps the first address. {@link #standing}
 * stubs are put back after every reset. {@link #withServer} owns the MCP server under test for the
 * class. And {@link #on}/{@link #requested} name EMQX endpoints by the client's {@link Route}s, so
 * a test and the client speak of the same paths.
 */
public final class WireMockEmqx extends WireMockExtension {

  private static final Pattern PARAM = Pattern.compile("\\{[^}/]+}");

  private final WireMockConfiguration config;
  private final List<Consumer<? super WireMockEmqx>> standing = new ArrayList<>();
  private Duration serverTimeout;
  private TestServer server;

  private WireMockEmqx(WireMockConfiguration config) {
    super(WireMockExtension.newInstance().options(config));
    this.config = config;
  }

  /** WireMock on a free loopback port. */
  public static WireMockEmqx create() {
    return create(o -> o);
  }

  /** With more options (container threads, global response templating). */
  public static WireMockEmqx create(UnaryOperator<WireMockConfiguration> more) {
    return new WireMockEmqx(more.apply(options().dynamicPort().bindAddress("127.0.0.1")));
  }

  /** Stubs every test starts with, put back after each reset (and after a restart). */
  public WireMockEmqx standing(Consumer<? super WireMockEmqx> stubs) {
    standing.add(stubs);
    return this;
  }

  /**
   * The real MCP server ({@link TestServer}) against this EMQX with the test credentials and this
   * request timeout, started once for the class and closed after it.
   */
  public WireMockEmqx withServer(Duration requestTimeout) {
    this.serverTimeout = requestTimeout;
    return this;
  }

  /** The server of {@link #withServer}. */
  public TestServer server() {
    if (server == null) {
      throw new IllegalStateException("no server: register with withServer(timeout)");
    }
    return server;
  }

  @Override
  protected void onBeforeAll(ExtensionContext context, WireMockRuntimeInfo info) {
    config.port(info.getHttpPort());
    standing.forEach(s -> s.accept(this));
    if (serverTimeout != null && server == null) {
      try {
        server = TestServer.start(TestServer.settings(baseUrl(), serverTimeout, false));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  protected void onBeforeEach(ExtensionContext context, WireMockRuntimeInfo info) {
    standing.forEach(s -> s.accept(this));
  }

  @Override
  protected void onAfterAll(ExtensionContext context, WireMockRuntimeInfo info) {
    boolean outermost = !context.getRequiredTestClass().isAnnotationPresent(Nested.class);
    if (outermost && server != null) {
      server.close();
      server = null;
    }
  }

  /**
   * An answer to {@link Route#GET_CLIENT} naming the client asked for, connected: one stub for any
   * ID (it needs {@code globalTemplating(true)}).
   */
  public static ResponseDefinitionBuilder echoClient() {
    return WireMock.okJson("{\"clientid\":\"{{request.pathSegments.[3]}}\",\"connected\":true}");
  }

  /**
   * EMQX's body for a client ID it does not know
   * (apps/emqx_management/src/emqx_mgmt_api_clients.erl, v5.8.9), sent with 404.
   */
  public static final String CLIENT_NOT_FOUND =
      "{\"code\":\"CLIENTID_NOT_FOUND\",\"message\":\"Client ID not found\"}";

  /** EMQX's 404 for a client ID it does not know. */
  public static ResponseDefinitionBuilder clientNotFound() {
    return json(404, CLIENT_NOT_FOUND);
  }

  /** An answer with this status and JSON body, as EMQX sends its errors and results. */
  public static ResponseDefinitionBuilder json(int status, String body) {
    return WireMock.aResponse()
        .withStatus(status)
        .withHeader("content-type", "application/json")
        .withBody(body);
  }

  /**
   * {@code route} at exactly this URL: its template under {@code /api/v5} with these (encoded)
   * values.
   */
  public static MappingBuilder on(Route route, String... values) {
    return WireMock.request(route.method().toString(), WireMock.urlEqualTo(path(route, values)));
  }

  /** {@code route} with any value in each of its parameters, and any query. */
  public static MappingBuilder onAny(Route route) {
    return WireMock.request(route.method().toString(), anyValues(route));
  }

  /** Requests to {@code route} at exactly this URL, for {@code verify}. */
  public static RequestPatternBuilder requested(Route route, String... values) {
    return RequestPatternBuilder.newRequestPattern(
        RequestMethod.fromString(route.method().toString()),
        WireMock.urlEqualTo(path(route, values)));
  }

  /** Requests to {@code route} whatever its parameters and query, for {@code verify}. */
  public static RequestPatternBuilder requestedAny(Route route) {
    return RequestPatternBuilder.newRequestPattern(
        RequestMethod.fromString(route.method().toString()), anyValues(route));
  }

  /** The route's path under {@code /api/v5}, its parameters filled in order with these values. */
  public static String path(Route route, String... values) {
    Matcher m = PARAM.matcher(route.template());
    StringBuilder out = new StringBuilder("/api/v5");
    int i = 0;
    while (m.find()) {
      if (i >= values.length) {
        throw new IllegalArgumentException(route + " needs a value for " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(values[i++]));
    }
    if (i != values.length) {
      throw new IllegalArgumentException(route + " has " + i + " parameters, not " + values.length);
    }
    m.appendTail(out);
    return out.toString();
  }

  private static UrlPattern anyValues(Route route) {
    String[] parts = PARAM.split(route.template(), -1);
    StringBuilder regex = new StringBuilder(Pattern.quote("/api/v5"));
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append("[^/]+");
      }
      regex.append(parts[i].isEmpty() ? "" : Pattern.quote(parts[i]));
    }
    return WireMock.urlPathMatching(regex.toString());
  }
}
