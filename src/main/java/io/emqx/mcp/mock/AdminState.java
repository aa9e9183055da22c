package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable part of the admin surface: authorization caches, traces, tracked topics, delayed
 * messages and rule switches. Part of {@link ClusterState}, reset with it and read or changed only
 * under its lock.
 */
final class AdminState {

  /** A trace as emqx_trace keeps it (record #emqx_trace, v5.8.9): times in epoch seconds. */
  static final class Trace {
    final String name;
    final String type;
    final String filter;
    final String payloadEncode;
    final String formatter;
    final long startAt;
    final long endAt;
    boolean enable;

    /** The namespace it was created in (EMQX 6.1+ {@code POST /trace?ns=}); null: global. */
    String namespace;

    /** The log file's text on each node that has one. */
    final Map<String, String> logs = new LinkedHashMap<>();

    Trace(
        String name,
        String type,
        String filter,
        String payloadEncode,
        String formatter,
        long startAt,
        long endAt,
        boolean enable) {
      this.name = name;
      this.type = type;
      this.filter = filter;
      this.payloadEncode = payloadEncode;
      this.formatter = formatter;
      this.startAt = startAt;
      this.endAt = endAt;
      this.enable = enable;
    }

    /**
     * emqx_mgmt_api_trace status/4: stopped once disabled or past its end, waiting before its
     * start.
     */
    String status(long now) {
      if (!enable || now >= endAt) {
        return "stopped";
      }
      return now < startAt ? "waiting" : "running";
    }
  }

  final Map<String, ArrayNode> authzCache = new HashMap<>();
  final Map<String, Trace> traces = new LinkedHashMap<>();
  final Map<String, ObjectNode> topicMetrics = new LinkedHashMap<>();

  /** Delayed messages with {@code expected_ms}, the epoch milliseconds they are due. */
  final List<ObjectNode> delayed = new ArrayList<>();

  final Map<String, Boolean> ruleEnabled = new HashMap<>();

  void reset(AdminSeed seed) {
    long nowMs = System.currentTimeMillis();
    long now = nowMs / 1000;
    authzCache.clear();
    seed.authzCache()
        .properties()
        .forEach(e -> authzCache.put(e.getKey(), (ArrayNode) e.getValue().deepCopy()));
    traces.clear();
    for (JsonNode t : seed.traces()) {
      long start = now - t.path("started_seconds_ago").asLong();
      Trace trace =
          new Trace(
              t.get("name").asText(),
              t.get("type").asText(),
              t.get("filter").asText(),
              t.path("payload_encode").asText("text"),
              t.path("formatter").asText("text"),
              start,
              start + t.path("duration_seconds").asLong(600),
              t.path("enable").asBoolean(true));
      t.path("log").properties().forEach(e -> trace.logs.put(e.getKey(), e.getValue().asText()));
      traces.put(trace.name, trace);
    }
    topicMetrics.clear();
    seed.topicMetrics()
        .forEach(m -> topicMetrics.put(m.get("topic").asText(), (ObjectNode) m.deepCopy()));
    delayed.clear();
    for (JsonNode d : seed.delayed()) {
      ObjectNode m = d.deepCopy();
      long remaining = m.remove("delay_remaining_seconds").asLong();
      long expected = nowMs + remaining * 1000;
      m.put("expected_ms", expected);
      m.put("publish_ms", expected - m.get("delayed_interval").asLong() * 1000);
      delayed.add(m);
    }
    ruleEnabled.clear();
  }
}
