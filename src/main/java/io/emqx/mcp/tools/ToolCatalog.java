package io.emqx.mcp.tools;

import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.mqtt.MqttConnection;
import java.util.ArrayList;
import java.util.List;

/** Every tool of the server, from every group, in one list. */
public final class ToolCatalog {

  private ToolCatalog() {}

  public static List<ToolSpec> all(EmqxClient emqx, MqttConnection mqtt) {
    List<ToolSpec> all = new ArrayList<>();
    all.addAll(new ClientTools(emqx).specs());
    all.addAll(new MessagingTools(emqx).specs());
    all.addAll(new SubscriptionTools(emqx).specs());
    all.addAll(new RetainerTools(emqx).specs());
    all.addAll(new AccessTools(emqx).specs());
    all.addAll(new ClusterTools(emqx).specs());
    all.addAll(new RuleTools(emqx).specs());
    all.addAll(new AccessControlTools(emqx).specs());
    all.addAll(new TraceTools(emqx).specs());
    all.addAll(new PerformanceTools(emqx).specs());
    all.addAll(new QueueTools(emqx).specs());
    all.addAll(new IntegrationTools(emqx).specs());
    all.addAll(new DiagnosisTools(emqx).specs());
    all.addAll(new MqttTools(mqtt).specs());
    return List.copyOf(all);
  }
}
