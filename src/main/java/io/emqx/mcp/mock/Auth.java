package io.emqx.mcp.mock;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The dashboard's authorization step (apps/emqx_dashboard/src/emqx_dashboard.erl and
 * apps/emqx_management/src/emqx_mgmt_auth.erl at v5.8.9). Basic is always an API key; a dashboard
 * user's password is not accepted there. The fake issues no bearer tokens, so any bearer is
 * unknown.
 */
final class Auth {
  static final String REALM = "Basic Realm=\"emqx-dashboard\"";

  static final String MISSING_HEADER_6 =
      "Missing authorization header. Use Basic auth with API key/secret, or Bearer token from POST"
          + " /api/v5/login. API keys can be bootstrapped from config (api_key.bootstrap_file) or"
          + " created via POST /api/v5/api_key";

  static final String BAD_TOKEN_6 =
      "Invalid bearer token. Use API key (Basic auth) for persistent access, or get a new bearer"
          + " token by POST /api/v5/login. API keys can be bootstrapped from config"
          + " (api_key.bootstrap_file) or created via POST /api/v5/api_key";

  private Auth() {}

  /**
   * The API keys with a role of their own, played from 5.9 (every build Enterprise: the role check
   * of emqx_mgmt_auth.erl runs only there; an Opensource 5.8 has the administrator key alone). Each
   * takes {@link MockEmqx#API_SECRET}. The scoped key is an administrator limited to the {@code
   * connections} scope (6.2+; before, scopes do not exist and it is a plain administrator).
   */
  enum Key {
    ADMINISTRATOR(MockEmqx.API_KEY),
    VIEWER(MockEmqx.VIEWER_KEY),
    PUBLISHER(MockEmqx.PUBLISHER_KEY),
    CONNECTIONS_ONLY(MockEmqx.SCOPED_KEY);

    final String name;

    Key(String name) {
      this.name = name;
    }
  }

  /**
   * Authorization, then the role and (6.2+) the API-key scope of the route (emqx_mgmt_auth.erl
   * authorize/4 and check_rbac_and_scopes/6, emqx_dashboard_rbac.erl do_check_rbac/3, release-63).
   * A role that may not make the call is {@code 403 UNAUTHORIZED_ROLE} with the RBAC's sentence
   * ("You don't have permission to access this resource"); a route outside the key's scopes is
   * {@code 403 UNAUTHORIZED_ROLE} with ?API_KEY_NOT_ALLOW_MSG ("This API Key don't have permission
   * to access this resource"), the 5.x sentence for every role refusal.
   *
   * @throws ApiError with the EMQX answer when the request may not pass
   */
  static void check(String header, ClusterState state, String method, String path) {
    Key key = authenticate(header, state);
    boolean publish =
        "POST".equals(method)
            && (path.equals("/api/v5/publish") || path.equals("/api/v5/publish/bulk"));
    boolean allowed =
        switch (key) {
          case ADMINISTRATOR, CONNECTIONS_ONLY -> true;
          case VIEWER -> "GET".equals(method);
          case PUBLISHER -> publish;
        };
    if (!allowed) {
      throw ApiError.of(
          403, "UNAUTHORIZED_ROLE", "You don't have permission to access this resource");
    }
    if (key == Key.CONNECTIONS_ONLY && state.atLeast(6, 2)) {
      String scope = Scopes.of(path);
      if (scope != null && !scope.equals("connections")) {
        throw ApiError.of(
            403, "UNAUTHORIZED_ROLE", "This API Key don't have permission to access this resource");
      }
    }
  }

  /** The key a request authenticates as (role keys from 5.9, see {@link Key}). */
  private static Key authenticate(String header, ClusterState state) {
    // 6.0 reworded the missing-header and bad-token answers (emqx_dashboard.erl authorize/2 and
    // jwt_token_bearer_authorize/3, release-60 to release-63); the codes stayed.
    boolean six = state.atLeast(6, 0);
    String noHeader = six ? MISSING_HEADER_6 : "Support authorization: basic/bearer ";
    if (header == null) {
      throw new ApiError(unauthorized("AUTHORIZATION_HEADER_ERROR", noHeader));
    }
    String h = header.strip();
    int space = h.indexOf(' ');
    String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase();
    String rest = space < 0 ? "" : h.substring(space + 1).strip();
    switch (scheme) {
      case "basic" -> {
        return checkBasic(rest, state.atLeast(5, 9));
      }
      case "bearer" -> {
        if (rest.isEmpty()) {
          throw new ApiError(Reply.bareBadRequest());
        }
        // No WWW-Authenticate on bearer failures.
        throw ApiError.of(401, "BAD_TOKEN", six ? BAD_TOKEN_6 : "Get a token by POST /login");
      }
      // cowlib parses a well-formed Digest header; EMQX then treats it as no usable header.
      case "digest" -> throw new ApiError(unauthorized("AUTHORIZATION_HEADER_ERROR", noHeader));
      // cowlib cannot parse any other scheme: cowboy answers a bare 400 (cowlib's cow_http_hd
      // parse_authorization, under apps/emqx_dashboard/src/emqx_dashboard.erl at v5.8.9).
      default -> throw new ApiError(Reply.bareBadRequest());
    }
  }

  private static Key checkBasic(String encoded, boolean roles) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiError(Reply.bareBadRequest());
    }
    int colon = decoded.indexOf(':');
    if (encoded.isEmpty() || colon < 0) {
      throw new ApiError(Reply.bareBadRequest());
    }
    String key = decoded.substring(0, colon);
    String secret = decoded.substring(colon + 1);
    for (Key k : Key.values()) {
      if (k.name.equals(key)
          && MockEmqx.API_SECRET.equals(secret)
          && (k == Key.ADMINISTRATOR || roles)) {
        return k;
      }
    }
    throw new ApiError(unauthorized("BAD_API_KEY_OR_SECRET", "Check api_key/api_secret"));
  }

  private static Reply unauthorized(String code, String message) {
    return Reply.error(401, code, message).withHeader("WWW-Authenticate", REALM);
  }
}
