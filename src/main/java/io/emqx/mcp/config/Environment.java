package io.emqx.mcp.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Environment variables that look like ours but are not: a misspelt {@code EMQX_MCP_READONLY=true}
 * would otherwise leave the server writable without a word. Only warned about, never fatal, because
 * the same environment often serves EMQX itself.
 *
 * <p>The rule, from what EMQX reads (v5.8.9): {@code bin/emqx} exports {@code
 * HOCON_ENV_OVERRIDE_PREFIX='EMQX_'}, and EMQX's config overrides join the config path with {@code
 * __} ({@code EMQX_NODE__NAME}, {@code EMQX_LISTENERS__TCP__DEFAULT__BIND}); its scripts and {@code
 * deploy/docker/docker-entrypoint.sh} read a few single-underscore names ({@code EMQX_HOST}, {@code
 * EMQX_NAME}, {@code EMQX_NODE_NAME}, {@code EMQX_NODE_COOKIE}, {@code EMQX_LOG_DIR}, {@code
 * EMQX_ETC_DIR}, {@code EMQX_WAIT_FOR_START}, …). So:
 *
 * <ul>
 *   <li>{@code EMQX_MCP_*} is our namespace: any unknown name there is warned about.
 *   <li>An {@code EMQX_*} name with {@code __} is EMQX's own: never warned about.
 *   <li>Any other {@code EMQX_*} name is warned about only when it shares the first word of one of
 *       ours ({@code EMQX_API_…}, {@code EMQX_MQTT_…}, {@code EMQX_REQUEST_…}) or is within two
 *       edits of one of ours. None of EMQX's own names is either.
 * </ul>
 */
final class Environment {

  /**
   * Variables the launchers {@code bin/emqx-mcp-server} and {@code .cmd} read (not config keys).
   */
  static final Set<String> LAUNCHER =
      Set.of("EMQX_MCP_JAR", "EMQX_MCP_JAVA_OPTS", "EMQX_MCP_CDS", "EMQX_MCP_CONFIG");

  private static final String PREFIX = "EMQX_";
  private static final String OURS = "EMQX_MCP_";

  private Environment() {}

  /** One warning per unknown variable that looks like ours, naming the nearest known one. */
  static List<String> warnings(Map<String, String> env, Set<String> configVars) {
    Set<String> known = new TreeSet<>(configVars);
    known.addAll(LAUNCHER);
    Set<String> families = new TreeSet<>();
    for (String var : known) {
      int second = var.indexOf('_', PREFIX.length());
      families.add(second < 0 ? var : var.substring(0, second + 1));
    }
    List<String> out = new ArrayList<>();
    for (String name : new TreeSet<>(env.keySet())) {
      if (!name.startsWith(PREFIX) || known.contains(name) || name.contains("__")) {
        continue;
      }
      List<String> near = Spelling.nearest(name, known, 2);
      boolean looksOurs =
          name.startsWith(OURS) || !near.isEmpty() || families.stream().anyMatch(name::startsWith);
      if (looksOurs) {
        List<String> meant = near.isEmpty() ? Spelling.nearest(name, known, name.length()) : near;
        out.add(
            "environment variable "
                + name
                + " is not one this server reads; ignored"
                + (meant.isEmpty() ? "" : " (did you mean " + Spelling.orList(meant) + "?)"));
      }
    }
    return out;
  }
}
