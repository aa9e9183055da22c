package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.ClusterFacts;
import io.emqx.mcp.emqx.EmqxClient;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fake answers GET /nodes with the release it plays: 5.8 by default, 6.x when asked. */
class MockVersionsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"5.8.9, OPENSOURCE", "5.9.3, ENTERPRISE", "6.3.0, ENTERPRISE"})
  void nodesStateTheVersionAndEdition(String version, ClusterFacts.Edition edition) {
    try (MockEmqx mock = MockEmqx.start(new MockEmqx.Options(0, 0, version))) {
      EmqxClient emqx =
          new EmqxClient(
              new Settings.Emqx(
                  mock.apiUrl(),
                  MockEmqx.API_KEY,
                  new Secret(MockEmqx.API_SECRET),
                  Duration.ofSeconds(20)),
              false);
      try {
        ClusterFacts f = emqx.facts();
        assertEquals(version, f.version());
        assertEquals(edition, f.edition());
        assertEquals(f.nodes(), emqx.listNodes().size());
      } finally {
        emqx.close();
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"4.4.0", "6.3", "latest", "''"})
  void anUnknownReleaseIsRefused(String version) {
    assertThrows(IllegalArgumentException.class, () -> new MockEmqx.Options(0, 0, version));
  }

  @org.junit.jupiter.api.Test
  void theDefaultIsTheLtsLine() {
    assertEquals("5.8.9", MockEmqx.Options.defaults().emqxVersion());
  }
}
