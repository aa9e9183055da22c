/**
 * Settings, read once at the edge: {@code Settings.from(Config)} checks the file and the
 * environment against the bundled {@code application.conf} (typos named with a suggestion, {@code
 * ConfigCheck}) and builds immutable records ({@code Settings}, {@code HttpSettings}, {@code
 * MqttSettings}); {@code Secret} keeps credentials out of {@code toString}.
 *
 * <p>Owns: every configuration key and its validation. May import: {@code topic} (topic rules are
 * values of the settings) and {@code Json}. No class outside this package reads {@code
 * com.typesafe.config}.
 */
package io.emqx.mcp.config;
