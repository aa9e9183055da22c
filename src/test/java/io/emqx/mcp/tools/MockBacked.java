package io.emqx.mcp.tools;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The real server, through the SDK's MCP client, against the built-in fake EMQX with its demo
 * cluster; one per test class, the fake reset to its seed before each test. The fake plays EMQX
 * 5.8, or the release a class names with {@link Plays}: a suite runs against both lines by a
 * subclass that only says {@code @Plays("6.3.0")} (one more fake and server for that class).
 */
abstract class MockBacked {

  /** The release the class's fake plays ({@code MockEmqx.Options.emqxVersion}). */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
  @interface Plays {
    String value();
  }

  static MockEmqx emqx;
  static TestServer server;

  /** The release the fake of the running class plays. */
  static String release;

  @BeforeAll
  static void startMock(org.junit.jupiter.api.TestInfo info) throws Exception {
    Plays plays = info.getTestClass().map(c -> c.getAnnotation(Plays.class)).orElse(null);
    release = plays == null ? MockEmqx.Options.DEFAULT_VERSION : plays.value();
    emqx = MockEmqx.start(new MockEmqx.Options(0, 0, release));
    server = TestServer.start(settings(emqx));
  }

  /** Whether this class's fake plays EMQX 6 (where a suite's expectation differs by line). */
  static boolean six() {
    return release.startsWith("6.");
  }

  static Settings settings(MockEmqx mock) {
    return TestServer.settings(mock, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stopMock() {
    server.close();
    emqx.close();
  }

  @BeforeEach
  void resetMock() {
    emqx.reset();
  }

  static Map<String, Object> ok(String tool, Map<String, Object> args) {
    return server.ok(tool, args);
  }

  static Map<String, Object> error(String tool, Map<String, Object> args) {
    return server.error(tool, args);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> data(Map<String, Object> page) {
    return io.emqx.mcp.support.Lists.rows(page); // sent as {columns, data: [[…]], meta}
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> meta(Map<String, Object> page) {
    return (Map<String, Object>) page.get("meta");
  }

  @SuppressWarnings("unchecked")
  static <T> T get(Map<String, Object> map, String key) {
    return (T) map.get(key);
  }

  static List<Object> column(Map<String, Object> page, String key) {
    return data(page).stream().map(r -> r.get(key)).toList();
  }
}
