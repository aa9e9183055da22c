package io.emqx.mcp.support;

import io.emqx.mcp.config.MqttSettings;
import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.mqtt.MqttConnection;
import io.emqx.mcp.tools.ToolCatalog;
import io.emqx.mcp.tools.ToolSpec;
import java.time.Duration;
import java.util.List;

/**
 * The tool catalog as the server builds it, for tests that compare a served list with it: nothing
 * is called, so its clients point at an EMQX and a broker that are not there.
 */
public final class OfflineCatalog {

  private static final String NOWHERE = "http://127.0.0.1:1/api/v5";

  private OfflineCatalog() {}

  /** Every tool of every toolset, in catalog order. */
  public static List<ToolSpec> tools(boolean readOnly) {
    return ToolCatalog.all(
        new EmqxClient(
            new Settings.Emqx(NOWHERE, "k", new Secret("s"), Duration.ofSeconds(1)), readOnly),
        new MqttConnection(MqttSettings.defaultsFor(NOWHERE), Duration.ofSeconds(1)));
  }
}
