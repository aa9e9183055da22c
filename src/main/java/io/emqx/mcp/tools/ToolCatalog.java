package io.emqx.mcp.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * Every tool of the server, from every group, in one list. Handlers take their EMQX client from the
 * call ({@link ToolSpec.Call#emqx()}), so the catalog is the same whatever the clusters.
 */
public final class ToolCatalog {

  private ToolCatalog() {}

  public static List<ToolSpec> all() {
    List<ToolSpec> all = new ArrayList<>();
    all.addAll(new ClientTools().specs());
    all.addAll(new MessagingTools().specs());
    all.addAll(new SubscriptionTools().specs());
    all.addAll(new RetainerTools().specs());
    all.addAll(new AccessTools().specs());
    all.addAll(new ClusterTools().specs());
    all.addAll(new RuleTools().specs());
    all.addAll(new AccessControlTools().specs());
    all.addAll(new TraceTools().specs());
    all.addAll(new PerformanceTools().specs());
    all.addAll(new QueueTools().specs());
    all.addAll(new IntegrationTools().specs());
    all.addAll(Namespaces.specs());
    all.addAll(new DiagnosisTools().specs());
    all.addAll(new MqttTools().specs());
    return List.copyOf(all);
  }
}
