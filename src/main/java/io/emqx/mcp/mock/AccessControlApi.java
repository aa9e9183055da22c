package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Authentication, authorization sources and authorization caches, as EMQX v5.8.9 answers them:
 * {@code emqx_authn_api.erl} (list_authenticators, lookup_from_all_nodes, serialize_error), {@code
 * emqx_authz_api_sources.erl} (sources(get), with_source, lookup_from_all_nodes), {@code
 * emqx_authz_api_cache.erl} and the per-client cache of {@code emqx_mgmt_api_clients.erl}.
 */
final class AccessControlApi {
  /** The authz source types of the path enum (emqx_authz_schema at v5.8.9, open-source edition). */
  private static final Set<String> AUTHZ_TYPES =
      Set.of(
          "file", "built_in_database", "http", "redis", "mysql", "postgresql", "mongodb", "ldap");

  private final ClusterState state;
  private final AdminSeed seed;

  AccessControlApi(ClusterState state) {
    this.state = state;
    this.seed = state.seed().admin();
  }

  void register(Map<String, Handler> ops) {
    ops.put("authn.list", c -> Reply.ok(configs(seed.authn())));
    ops.put("authn.status", this::authnStatus);
    ops.put("authz.list", c -> Reply.ok(Json.object().set("sources", configs(seed.authz()))));
    ops.put("authz.status", this::authzStatus);
    ops.put("authz.cache", this::clientCache);
    ops.put("authz.cache.clear", this::clearClientCache);
    ops.put("authz.cache.clearAll", this::clearAll);
  }

  private static ArrayNode configs(JsonNode entries) {
    ArrayNode out = Json.array();
    entries.forEach(e -> out.add(e.get("config")));
    return out;
  }

  /**
   * 404 {@code Authenticator 'id' does not exist} (serialize_error({not_found, {authenticator,
   * ID}})).
   */
  private Reply authnStatus(Call call) {
    String id = call.path("id");
    for (JsonNode a : seed.authn()) {
      if (a.get("config").get("id").asText().equals(id)) {
        return Reply.ok(a.get("status"));
      }
    }
    throw ApiError.of(404, "NOT_FOUND", "Authenticator '" + id + "' does not exist");
  }

  /**
   * The path's type is an enum: an unknown one fails the schema (400); a known one not configured,
   * 404.
   */
  private Reply authzStatus(Call call) {
    String type = call.path("type");
    if (!AUTHZ_TYPES.contains(type)) {
      throw ApiError.validation("type", "unable_to_convert_to_enum_symbol", type);
    }
    for (JsonNode s : seed.authz()) {
      if (s.get("config").get("type").asText().equals(type)) {
        return Reply.ok(s.get("status"));
      }
    }
    throw ApiError.of(404, "NOT_FOUND", "Not found: " + type);
  }

  /** The client's cached decisions; a client with no channel is 404 CLIENTID_NOT_FOUND. */
  private Reply clientCache(Call call) {
    String id = call.path("clientid");
    return state.locked(
        s -> {
          requireClient(s, id);
          ArrayNode entries = s.admin().authzCache.get(id);
          return Reply.ok(entries == null ? Json.array() : entries.deepCopy());
        });
  }

  private Reply clearClientCache(Call call) {
    String id = call.path("clientid");
    return state.locked(
        s -> {
          requireClient(s, id);
          s.admin().authzCache.remove(id);
          return Reply.noContent();
        });
  }

  /** {@code DELETE /authorization/cache}: every running node's cache; 204. */
  private Reply clearAll(Call call) {
    return state.locked(
        s -> {
          s.admin().authzCache.clear();
          return Reply.noContent();
        });
  }

  /**
   * emqx_mgmt:list_authz_cache and clean_authz_cache call the client's channel, which a session
   * kept after disconnecting still has: only a client with no session at all is 404
   * CLIENTID_NOT_FOUND.
   */
  static void requireClient(ClusterState s, String id) {
    ObjectNode c = s.clients().find(id);
    if (c == null) {
      throw ClientsApi.clientNotFound();
    }
  }
}
