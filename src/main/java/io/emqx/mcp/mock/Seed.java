package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.common.FileSource;

/**
 * Everything the fake reads from {@code __files}: the mutable seed ({@code seed/*.json}) and the
 * read-only cluster views. A missing file reads as empty, so the extension is harmless when loaded
 * into some other WireMock (standalone WireMock finds it through extension scanning).
 */
record Seed(
    JsonNode clients,
    JsonNode subscriptions,
    JsonNode retained,
    JsonNode banned,
    JsonNode nodes,
    JsonNode stats,
    JsonNode metrics,
    JsonNode alarms,
    JsonNode listeners,
    JsonNode rules,
    JsonNode ruleMetrics,
    AdminSeed admin,
    boolean found) {

  static Seed load(FileSource files) {
    JsonNode clients = read(files, "seed/clients.json");
    return new Seed(
        clients == null ? Json.array() : clients,
        orArray(read(files, "seed/subscriptions.json")),
        orArray(read(files, "seed/retained.json")),
        orArray(read(files, "seed/banned.json")),
        orArray(read(files, "cluster/nodes.json")),
        orArray(read(files, "cluster/stats.json")),
        orArray(read(files, "cluster/metrics.json")),
        orArray(read(files, "cluster/alarms.json")),
        orArray(read(files, "cluster/listeners.json")),
        orArray(read(files, "cluster/rules.json")),
        orObject(read(files, "cluster/rule_metrics.json")),
        AdminSeed.load(files),
        clients != null);
  }

  private static JsonNode read(FileSource files, String name) {
    try {
      return Json.read(files.getTextFileNamed(name).readContentsAsString());
    } catch (Exception missing) { // WireMock rethrows FileNotFoundException unchecked
      return null;
    }
  }

  private static JsonNode orArray(JsonNode n) {
    return n == null ? Json.array() : n;
  }

  private static JsonNode orObject(JsonNode n) {
    return n == null ? Json.object() : n;
  }
}
