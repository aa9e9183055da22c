/**
 * The MQTT topic grammar: validating topic names and filters, matching a name against a filter
 * ({@code +}, {@code #}, {@code $}-topics), and the operator's topic rules ({@code TopicRules}).
 * Pure functions, no I/O.
 *
 * <p>Owns: what a valid topic is, for every layer. May import: {@code io.emqx.mcp.Json} only; it
 * sits at the bottom so that config, tools, mqtt, diagnosis and policy can all use it.
 */
package io.emqx.mcp.topic;
