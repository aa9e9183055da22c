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

  private Auth() {}

  /**
   * @throws ApiError with the EMQX answer when the request may not pass
   */
  static void check(String header) {
    if (header == null) {
      throw new ApiError(
          unauthorized("AUTHORIZATION_HEADER_ERROR", "Support authorization: basic/bearer "));
    }
    String h = header.strip();
    int space = h.indexOf(' ');
    String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase();
    String rest = space < 0 ? "" : h.substring(space + 1).strip();
    switch (scheme) {
      case "basic" -> checkBasic(rest);
      case "bearer" -> {
        if (rest.isEmpty()) {
          throw new ApiError(Reply.bareBadRequest());
        }
        // No WWW-Authenticate on bearer failures.
        throw ApiError.of(401, "BAD_TOKEN", "Get a token by POST /login");
      }
      // cowlib parses a well-formed Digest header; EMQX then treats it as no usable header.
      case "digest" ->
          throw new ApiError(
              unauthorized("AUTHORIZATION_HEADER_ERROR", "Support authorization: basic/bearer "));
      // cowlib cannot parse any other scheme: cowboy answers a bare 400 (cowlib's cow_http_hd
      // parse_authorization, under apps/emqx_dashboard/src/emqx_dashboard.erl at v5.8.9).
      default -> throw new ApiError(Reply.bareBadRequest());
    }
  }

  private static void checkBasic(String encoded) {
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
    if (!MockEmqx.API_KEY.equals(key) || !MockEmqx.API_SECRET.equals(secret)) {
      throw new ApiError(unauthorized("BAD_API_KEY_OR_SECRET", "Check api_key/api_secret"));
    }
  }

  private static Reply unauthorized(String code, String message) {
    return Reply.error(401, code, message).withHeader("WWW-Authenticate", REALM);
  }
}
