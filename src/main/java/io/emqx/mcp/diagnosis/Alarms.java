package io.emqx.mcp.diagnosis;

import java.util.Map;

/** What to do about EMQX's alarms, by name: the advice an operator would look up. */
final class Alarms {

  private static final Map<String, String> NEXT =
      Map.of(
          "high_system_memory_usage",
              "The host's memory use is above sysmon.os.sysmem_high_watermark. Check "
                  + "get_node (memory_used_percent) and what holds memory: many sessions (get_stats) or full client "
                  + "queues (get_metrics prefix=delivery.dropped). Add memory or nodes, or lower mqueue limits.",
          "high_process_memory_usage",
              "One Erlang process holds too much memory (details name it), often a "
                  + "client with a huge queue or a busy connector; diagnose that client or check the connector.",
          "high_cpu_usage",
              "CPU use is above sysmon.os.cpu_high_watermark. Check traffic (get_metrics "
                  + "prefix=messages.) and rule load (list_rules); add nodes if it persists.",
          "too_many_processes",
              "The Erlang process count nears its limit (get_node: process_used of "
                  + "process_available): many connections or a leak. Raise node.process_limit or add nodes.",
          "runq_overload",
              "The node's schedulers are overloaded (CPU-bound): reduce load or add nodes.",
          "partition",
              "Nodes cannot reach each other (network partition): check the network between them "
                  + "and emqx ctl cluster status on each node.",
          "license_quota",
              "Connections near the license limit: raise the license or shed clients.");

  private Alarms() {}

  static String nextStep(String name) {
    if (name == null) {
      return "Read the alarm's message and details.";
    }
    String advice = NEXT.get(name);
    if (advice != null) {
      return advice;
    }
    if (name.startsWith("conn_congestion")) {
      return "A client's connection is congested (the client is named in the alarm): it reads too slowly "
          + "or its network is slow; diagnose_client on it.";
    }
    if (name.contains("/") || name.contains(":")) {
      return "A data-integration resource is unhealthy: check get_rule for failing actions and the "
          + "connector's target system.";
    }
    return "Read the alarm's message and details; list_alarms activated=false shows ones that cleared.";
  }
}
