package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.common.FileSource;

/**
 * The seed of the rest of the admin surface, from {@code __files/admin/*.json}: access control,
 * traces, slow subscriptions, topic metrics, current rates, delayed messages, data integration and
 * the namespaces of EMQX 6 (played from 5.9 on). A missing file reads as empty, as in {@link Seed}.
 */
record AdminSeed(
    JsonNode authn,
    JsonNode authz,
    JsonNode authzCache,
    JsonNode slowSubs,
    JsonNode topicMetrics,
    JsonNode monitorCurrent,
    JsonNode delayed,
    JsonNode connectors,
    JsonNode actions,
    JsonNode sources,
    JsonNode traces,
    JsonNode namespaces) {

  static AdminSeed load(FileSource files) {
    return new AdminSeed(
        array(files, "authn.json"),
        array(files, "authz.json"),
        object(files, "authz_cache.json"),
        object(files, "slow_subs.json"),
        array(files, "topic_metrics.json"),
        object(files, "monitor_current.json"),
        array(files, "delayed.json"),
        array(files, "connectors.json"),
        array(files, "actions.json"),
        array(files, "sources.json"),
        array(files, "traces.json"),
        object(files, "namespaces.json"));
  }

  private static JsonNode read(FileSource files, String name) {
    try {
      return Json.read(files.getTextFileNamed("admin/" + name).readContentsAsString());
    } catch (Exception missing) { // WireMock rethrows FileNotFoundException unchecked
      return null;
    }
  }

  private static JsonNode array(FileSource files, String name) {
    JsonNode n = read(files, name);
    return n == null ? Json.array() : n;
  }

  private static JsonNode object(FileSource files, String name) {
    JsonNode n = read(files, name);
    return n == null ? Json.object() : n;
  }
}
