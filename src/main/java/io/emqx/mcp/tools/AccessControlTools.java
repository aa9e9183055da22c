package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Tools over authentication and authorization: which authenticators and authorization sources run,
 * how they are doing, and a client's cached authorization decisions.
 */
final class AccessControlTools {

  private static final Toolset GROUP = Toolset.ACCESS;

  /**
   * More authenticators or sources than this is not a chain anyone runs; the rest are counted, not
   * shown.
   */
  static final int MAX_SHOWN = 32;

  List<ToolSpec> specs() {
    return List.of(
        listAuthnSources(), listAuthzSources(), getClientAuthzCache(), clearAuthzCache());
  }

  /**
   * One authenticator or source with its status: the config's identity, status, metrics, and nodes
   * when they differ.
   */
  record Checked(
      String id,
      String type,
      String mechanism,
      String backend,
      Boolean enable,
      Object status,
      Object metrics,
      Object nodeStatus,
      String statusError) {}

  /**
   * Each entry with its status, fetched side by side. A status that cannot be read (a 500 while a
   * node is down) is reported on its row rather than failing the whole list.
   */
  private List<Checked> withStatus(
      List<Map<String, Object>> entries,
      Function<Map<String, Object>, String> key,
      Function<String, Map<String, Object>> status,
      boolean authz) {
    List<Map<String, Object>> shown = entries.subList(0, Math.min(MAX_SHOWN, entries.size()));
    List<CompletableFuture<Parallel.Outcome<Map<String, Object>>>> calls = new ArrayList<>();
    shown.forEach(e -> calls.add(Parallel.attempt(() -> status.apply(key.apply(e)))));
    List<Checked> rows = new ArrayList<>();
    for (int i = 0; i < shown.size(); i++) {
      Map<String, Object> e = shown.get(i);
      Parallel.Outcome<Map<String, Object>> s = Parallel.join(calls.get(i));
      Map<String, Object> st = s.ok() ? s.value() : Map.of();
      Object nodes = "inconsistent".equals(st.get("status")) ? st.get("node_status") : null;
      rows.add(
          new Checked(
              authz ? null : (String) e.get("id"),
              authz ? (String) e.get("type") : null,
              (String) e.get("mechanism"),
              (String) e.get("backend"),
              (Boolean) e.get("enable"),
              st.get("status"),
              st.get("metrics"),
              nodes,
              s.ok() ? null : s.failure().getMessage()));
    }
    return rows;
  }

  private ToolSpec listAuthnSources() {
    return ToolSpec.builder(GROUP, "list_authn_sources")
        .title("List authenticators")
        .description(
            "The authentication chain in order: id, mechanism, backend, enable, status (connected, disconnected, "
                + "inconsistent: then node_status), metrics (total, success, failed, nomatch, rates). Why logins fail.")
        .access(Access.READ)
        .input(Schema.object().closed())
        .output(Paging.listOf())
        .handler(
            call -> {
              List<Map<String, Object>> all = call.emqx().admin().listAuthenticators();
              return new Paging.Whole<>(
                  withStatus(
                      all,
                      e -> (String) e.get("id"),
                      call.emqx().admin()::authenticatorStatus,
                      false),
                  new Paging.Count(all.size()));
            })
        .build();
  }

  private ToolSpec listAuthzSources() {
    return ToolSpec.builder(GROUP, "list_authz_sources")
        .title("List authorization sources")
        .description(
            "Authorization sources in the order EMQX asks them: type, enable, status, metrics (total, allow, deny, "
                + "nomatch, ignore, rates). Why publishes or subscribes are denied.")
        .access(Access.READ)
        .input(Schema.object().closed())
        .output(Paging.listOf())
        .handler(
            call -> {
              List<Map<String, Object>> all = call.emqx().admin().listAuthzSources();
              return new Paging.Whole<>(
                  withStatus(
                      all,
                      e -> (String) e.get("type"),
                      call.emqx().admin()::authzSourceStatus,
                      true),
                  new Paging.Count(all.size()));
            })
        .build();
  }

  private ToolSpec getClientAuthzCache() {
    Schema input =
        Paging.args(Schema.object().required("clientid", ClientTools.clientid("Exact client ID.")))
            .closed();
    return ToolSpec.builder(GROUP, "get_client_authz_cache")
        .title("Get a client's authorization cache")
        .description(
            "A client's cached authorization decisions: {access, topic, result (allow, deny), updated_time ms}. "
                + "A stale allow or deny here explains an ACL change not taking effect.")
        .access(Access.READ)
        .input(input)
        .output(Paging.pageOf())
        .handler(
            call ->
                Paging.slice(
                    call.emqx().admin().clientAuthzCache(call.args().segment("clientid")),
                    Paging.page(call.args()),
                    Paging.limit(call.args())))
        .build();
  }

  /** The result of clearing. */
  record Cleared(String clientid, String scope, boolean cleared, String message) {}

  private ToolSpec clearAuthzCache() {
    Schema input =
        Schema.object()
            .prop(
                "clientid",
                ClientTools.clientid("One client; omit for every client in the cluster."))
            .closed();
    return ToolSpec.builder(GROUP, "clear_authz_cache")
        .title("Clear authorization caches")
        .description(
            "Drop cached authorization decisions of one client, or of every client, so the next publish or "
                + "subscribe is checked against the sources again (after an ACL change). Returns {scope, cleared}.")
        .access(Access.DESTRUCTIVE)
        .idempotent(true)
        .input(input)
        .output(Cleared.class, "scope", "cleared")
        .clients(
            args ->
                args.has("clientid")
                    ? List.of(ToolSpec.ClientTarget.id(args.string("clientid")))
                    : List.of())
        .preview(
            call ->
                call.args().has("clientid")
                    ? "Clear the authorization cache of client '"
                        + call.args().string("clientid")
                        + "': its next "
                        + "publishes and subscribes are checked against the authorization sources again."
                    : "Clear the authorization cache of every client on every node: each client's next publishes and "
                        + "subscribes are checked against the authorization sources again (a burst of lookups).")
        .handler(
            call -> {
              String id = call.args().has("clientid") ? call.args().segment("clientid") : null;
              if (id == null) {
                call.emqx().admin().clearAuthzCache();
                return new Cleared(
                    null,
                    "cluster",
                    true,
                    "Every client's authorization cache was cleared on every " + "running node.");
              }
              call.emqx().admin().clearClientAuthzCache(id);
              return new Cleared(
                  id,
                  "client",
                  true,
                  "The authorization cache of client '" + id + "' was cleared.");
            })
        .build();
  }
}
