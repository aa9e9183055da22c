package io.emqx.mcp.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static io.emqx.mcp.support.WireMockEmqx.requested;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.ConfigFiles;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.emqx.mcp.tools.Access;
import io.emqx.mcp.tools.ToolCatalog;
import io.emqx.mcp.tools.ToolSpec;
import io.emqx.mcp.topic.TopicRules;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The policy as a user meets it: through the MCP client, with EMQX watching what arrives. */
class PolicyTest {

  @RegisterExtension static final WireMockEmqx wm = WireMockEmqx.create();

  @BeforeEach
  void reset() {
    wm.stubFor(
        on(Route.PUBLISH).willReturn(okJson("{\"id\":\"0006115EB5F15FA4F44300000A8F0001\"}")));
  }

  static Settings settings(boolean readOnly, TopicRules topics) {
    return TestServer.settings(wm.baseUrl(), Duration.ofSeconds(2), readOnly).withTopics(topics);
  }

  /**
   * Actuators may be written to and temperatures read: the policy both nested groups start from.
   */
  static final List<TopicRules.Rule> ACTUATORS_AND_TEMPERATURES =
      List.of(
          new TopicRules.Rule(
              "actuators/#", Set.of(TopicRules.Permission.WRITE), "Actuator commands"),
          new TopicRules.Rule(
              "sensors/+/temperature", Set.of(TopicRules.Permission.READ), "Temperatures"));

  @Nested
  class TopicPolicy {

    final TopicRules rules = TopicRules.of(ACTUATORS_AND_TEMPERATURES);

    @Test
    void publish_grantedByWritePattern_isSent() throws Exception {
      try (TestServer s = TestServer.start(settings(false, rules))) {
        assertEquals(
            true,
            s.ok("publish_message", Map.of("topic", "actuators/valve-1/open", "payload", "1"))
                .get("delivered"));
      }
      wm.verify(1, requested(Route.PUBLISH));
    }

    @Test
    void publish_onlyReadGranted_isRefusedAndNothingSent() throws Exception {
      try (TestServer s = TestServer.start(settings(false, rules))) {
        Map<String, Object> error =
            s.error(
                "publish_message", Map.of("topic", "sensors/room-1/temperature", "payload", "99"));
        assertEquals("TOPIC_NOT_PERMITTED", error.get("code"));
        assertTrue(
            error.get("message").toString().contains("sensors/room-1/temperature"),
            error.toString());
        assertEquals(
            "TOPIC_NOT_PERMITTED",
            s.error("publish_message", Map.of("topic", "Actuators/x", "payload", "1")).get("code"),
            "topics are case-sensitive");
      }
      wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void publish_wildcardInsideALevel_isInvalidNotMerelyRefused() throws Exception {
      try (TestServer s = TestServer.start(settings(false, rules))) {
        for (String topic : List.of("actuators/a+b", "actuators/#x", "actuators/+", "")) {
          Map<String, Object> error =
              s.error("publish_message", Map.of("topic", topic, "payload", "1"));
          assertEquals("INVALID_ARGUMENT", error.get("code"), topic);
        }
      }
      wm.verify(0, anyRequestedFor(anyUrl()));
    }
  }

  @Nested
  class TopicArguments {

    final TopicRules rules =
        TopicRules.of(
            java.util.stream.Stream.concat(
                    ACTUATORS_AND_TEMPERATURES.stream(),
                    java.util.stream.Stream.of(
                        new TopicRules.Rule(
                            "config/#",
                            Set.of(TopicRules.Permission.READ, TopicRules.Permission.WRITE),
                            "Config")))
                .toList());

    Map<String, Object> msg(String topic) {
      return Map.of("topic", topic, "payload", "1");
    }

    @Test
    void publishMessages_oneRefusedTopic_refusesTheWholeBatch_namingIt() throws Exception {
      try (TestServer s = TestServer.start(settings(false, rules))) {
        Map<String, Object> error =
            s.error(
                "publish_messages",
                Map.of(
                    "messages",
                    List.of(
                        msg("actuators/valve-1/open"),
                        msg("config/x"),
                        msg("sensors/room-1/temperature"))));
        assertEquals("TOPIC_NOT_PERMITTED", error.get("code"));
        assertTrue(error.get("message").toString().contains("messages[2].topic"), error.toString());
      }
      wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void publishMessages_allGranted_isSentOnce() throws Exception {
      wm.stubFor(
          on(Route.PUBLISH_BULK)
              .willReturn(
                  okJson(
                      "[{\"id\":\"0006115EB5F15FA4F44300000A8F0001\"},{\"id\":\"0006115EB5F15FA4F44300000A8F0002\"}]")));
      try (TestServer s = TestServer.start(settings(false, rules))) {
        assertEquals(
            2,
            s.ok(
                    "publish_messages",
                    Map.of("messages", List.of(msg("actuators/a"), msg("config/b"))))
                .get("delivered"));
      }
      wm.verify(1, requested(Route.PUBLISH_BULK));
    }

    @Test
    void retained_readNeedsRead_deleteNeedsWrite_listNeedsReadOnTheWholeFilter() throws Exception {
      try (TestServer s = TestServer.start(settings(false, rules))) {
        assertEquals(
            "TOPIC_NOT_PERMITTED",
            s.error("get_retained_message", Map.of("topic", "actuators/a")).get("code"));
        assertEquals(
            "TOPIC_NOT_PERMITTED",
            s.error("delete_retained_message", Map.of("topic", "sensors/room-1/temperature"))
                .get("code"));
        assertEquals(
            "TOPIC_NOT_PERMITTED",
            s.error("list_retained_messages", Map.of("topic", "sensors/#")).get("code"),
            "read on sensors/+/temperature does not cover sensors/#");
        assertEquals(
            "TOPIC_NOT_PERMITTED",
            s.error("subscribe_client", Map.of("clientid", "c1", "topic", "actuators/#"))
                .get("code"));
        assertEquals(
            "TOPIC_NOT_PERMITTED",
            s.error("unsubscribe_client", Map.of("clientid", "c1", "topic", "actuators/#"))
                .get("code"));
      }
      wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void retained_grantedTopics_goThrough() throws Exception {
      wm.stubFor(
          get(urlEqualTo("/api/v5/mqtt/retainer/message/sensors%2Froom-1%2Ftemperature"))
              .willReturn(
                  okJson("{\"topic\":\"sensors/room-1/temperature\",\"payload\":\"MjEuNQ==\"}")));
      try (TestServer s = TestServer.start(settings(false, rules))) {
        assertEquals(
            "21.5",
            s.ok("get_retained_message", Map.of("topic", "sensors/room-1/temperature"))
                .get("payload"));
      }
    }
  }

  @Nested
  class ReadOnly {

    @Test
    void readOnly_hidesBrokerChangingTools_andRefusesThemWithoutSending() throws Exception {
      try (TestServer s = TestServer.start(settings(true, TopicRules.allowAll()))) {
        List<String> names =
            s.client().listTools().tools().stream().map(McpSchema.Tool::name).toList();
        List<String> readTools =
            ToolCatalog.all().stream()
                .filter(t -> t.access() == Access.READ)
                .map(ToolSpec::name)
                .toList();
        assertEquals(readTools, names);
        assertTrue(
            names.containsAll(List.of("list_clients", "get_client", "get_cluster_health")),
            names.toString());
        assertEquals(
            "READ_ONLY", s.error("kick_mqtt_client", Map.of("clientid", "c1")).get("code"));
        assertEquals(
            "READ_ONLY",
            s.error("publish_message", Map.of("topic", "t", "payload", "x")).get("code"));
        // Refused before the arguments are even looked at: the mode is the more basic answer.
        assertEquals("READ_ONLY", s.error("kick_mqtt_client", Map.of()).get("code"));
      }
      wm.verify(0, anyRequestedFor(anyUrl()));
    }
  }

  @Nested
  class Config {

    @TempDir Path dir;

    Settings load(String hocon) throws Exception {
      return Settings.load(Map.of(), Map.of(), ConfigFiles.write(dir, hocon));
    }

    @Test
    void topics_areReadFromConfig() throws Exception {
      Settings s =
          load(
              "topics = [ { pattern = \"sensors/+/temperature\", permissions = [read], "
                  + "description = \"Room temperatures\" }, { pattern = \"actuators/#\", permissions = [write] } ]");
      assertTrue(s.topics().isRestricted());
      assertEquals(2, s.topics().rules().size());
      assertTrue(s.topics().checkPublish("actuators/x").allowed());
      assertTrue(!s.topics().checkPublish("sensors/1/temperature").allowed());
    }

    @Test
    void invalidPattern_stopsStartup_namingTheEntry() {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  load(
                      "topics = [ { pattern = \"ok/#\", permissions = [read] }, { pattern = \"a/b#\", permissions = [write] } ]"));
      assertTrue(
          e.getMessage().contains("topics[1]") && e.getMessage().contains("a/b#"), e.getMessage());
    }

    @Test
    void unknownPermission_orMissingPattern_nameTheEntry() {
      IllegalArgumentException perm =
          assertThrows(
              IllegalArgumentException.class,
              () -> load("topics = [ { pattern = \"a\", permissions = [publish] } ]"));
      assertTrue(perm.getMessage().contains("topics[0]"), perm.getMessage());
      IllegalArgumentException missing =
          assertThrows(
              IllegalArgumentException.class, () -> load("topics = [ { permissions = [read] } ]"));
      assertTrue(missing.getMessage().contains("topics[0]"), missing.getMessage());
    }
  }
}
