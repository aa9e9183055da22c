package io.emqx.mcp.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who may call the HTTP server, and with which {@link Role}: named static tokens ({@code
 * mcp.http.tokens}, plus the single {@code mcp.http.auth-token}, an admin named {@link
 * #DEFAULT_TOKEN}) and an OAuth 2.1 issuer whose JWT access tokens are accepted ({@code
 * mcp.http.oauth}). Secrets are {@link Secret}s: no {@code toString} here shows one.
 *
 * @param tokens the named tokens, {@code mcp.http.auth-token} included
 * @param oauth the issuer, or {@link OAuth#OFF}
 */
public record CallerSettings(List<NamedToken> tokens, OAuth oauth) {

  /** The name the single {@code mcp.http.auth-token} goes by (in the audit log, for one). */
  public static final String DEFAULT_TOKEN = "default";

  /** Long enough that guessing is hopeless; {@code openssl rand -hex 32} gives 64. */
  static final int MIN_TOKEN_CHARS = HttpSettings.MIN_TOKEN_CHARS;

  public CallerSettings {
    tokens = List.copyOf(tokens);
  }

  /** No named tokens, no issuer. */
  public static final CallerSettings NONE = new CallerSettings(List.of(), OAuth.OFF);

  /** Whether any caller must authenticate (a token or an issuer is configured). */
  public boolean any() {
    return !tokens.isEmpty() || oauth.enabled();
  }

  /** The same with {@code token} as the single auth-token (replacing an earlier one); tests. */
  public CallerSettings withDefaultToken(Secret token) {
    List<NamedToken> rest =
        new ArrayList<>(tokens.stream().filter(t -> !t.name().equals(DEFAULT_TOKEN)).toList());
    if (!token.isEmpty()) {
      rest.add(0, new NamedToken(DEFAULT_TOKEN, token, Role.ADMIN));
    }
    return new CallerSettings(rest, oauth);
  }

  public CallerSettings withOAuth(OAuth newOAuth) {
    return new CallerSettings(tokens, newOAuth);
  }

  /** One static token: its name (what the audit log shows), the secret and the caller's role. */
  public record NamedToken(String name, Secret token, Role role) {}

  /**
   * An OAuth 2.1 authorization server whose JWT access tokens this server accepts, as a resource
   * server (RFC 9068 shaped tokens; RFC 9728 metadata).
   *
   * @param issuer the {@code iss} tokens must carry, and where discovery starts; "" when off
   * @param audience an {@code aud} value accepted besides the resource URL; "" for none
   * @param resource this server's resource URL as clients know it ({@code
   *     https://mcp.example.com/mcp}); "" to derive it from each request's scheme and Host
   * @param jwksUrl where the signing keys are; null to discover them from the issuer
   * @param rolesClaim the claim holding the caller's roles, dotted for nested claims ({@code
   *     realm_access.roles})
   * @param roleMapping claim value to role; empty: the claim values are role names themselves
   * @param clockSkew how far {@code exp} and {@code nbf} may be off
   */
  public record OAuth(
      String issuer,
      String audience,
      String resource,
      URI jwksUrl,
      String rolesClaim,
      Map<String, Role> roleMapping,
      Duration clockSkew) {

    public static final OAuth OFF =
        new OAuth("", "", "", null, "roles", Map.of(), Duration.ofSeconds(60));

    public OAuth {
      roleMapping = Map.copyOf(roleMapping);
    }

    public boolean enabled() {
      return !issuer.isEmpty();
    }

    /** The same issuer accepting also tokens for {@code resourceUrl} (tests: the bound port). */
    public OAuth withResource(String resourceUrl) {
      return new OAuth(issuer, audience, resourceUrl, jwksUrl, rolesClaim, roleMapping, clockSkew);
    }

    /** The role of a claim value, or null when it maps to none. */
    public Role roleOf(String claimValue) {
      if (roleMapping.isEmpty()) {
        for (Role r : Role.values()) {
          if (r.id().equals(claimValue)) {
            return r;
          }
        }
        return null;
      }
      return roleMapping.get(claimValue);
    }
  }

  /** Reads {@code mcp.http.auth-token}, {@code mcp.http.tokens} and {@code mcp.http.oauth}. */
  static CallerSettings from(Config c) {
    List<NamedToken> tokens = new ArrayList<>();
    Secret single = new Secret(c.getString("mcp.http.auth-token").trim());
    if (!single.isEmpty()) {
      checkLength("mcp.http.auth-token", single);
      tokens.add(new NamedToken(DEFAULT_TOKEN, single, Role.ADMIN));
    }
    ConfigObject named = c.getObject("mcp.http.tokens");
    for (Map.Entry<String, ConfigValue> e : named.entrySet()) {
      String key = "mcp.http.tokens." + e.getKey();
      if (!e.getKey().matches("[A-Za-z0-9._-]{1,64}")) {
        throw new ConfigProblem(
            key,
            "a token name is 1 to 64 letters, digits, '.', '_' or '-' (it appears in the audit log)");
      }
      if (e.getKey().equals(DEFAULT_TOKEN) && !single.isEmpty()) {
        throw new ConfigProblem(
            key, "'default' is the name of mcp.http.auth-token; name this token otherwise");
      }
      if (e.getValue().valueType() != ConfigValueType.OBJECT) {
        throw new ConfigProblem(key, "expected { token = ..., role = viewer | operator | admin }");
      }
      Config entry = ((ConfigObject) e.getValue()).toConfig();
      for (String field : ((ConfigObject) e.getValue()).keySet()) {
        if (!field.equals("token") && !field.equals("role")) {
          throw new ConfigProblem(key + "." + field, "unknown; a token entry has token and role");
        }
      }
      if (!entry.hasPath("token")) {
        throw new ConfigProblem(
            key + ".token",
            "is missing (or its environment variable is unset): token = ${?MY_TOKEN_ENV}");
      }
      Secret token = new Secret(entry.getString("token").trim());
      checkLength(key + ".token", token);
      if (!entry.hasPath("role")) {
        throw new ConfigProblem(key + ".role", "is missing: " + String.join(" | ", Role.ids()));
      }
      Role role = Role.parse(key + ".role", entry.getString("role"));
      for (NamedToken other : tokens) {
        if (other.token().reveal().equals(token.reveal())) {
          throw new ConfigProblem(
              key + ".token",
              "is the same as the token named '" + other.name() + "'; give each caller its own");
        }
      }
      tokens.add(new NamedToken(e.getKey(), token, role));
    }
    return new CallerSettings(tokens, oauth(c));
  }

  private static void checkLength(String key, Secret token) {
    if (token.reveal().length() < MIN_TOKEN_CHARS) {
      throw new ConfigProblem(
          key,
          "must be at least "
              + MIN_TOKEN_CHARS
              + " characters; generate one with: openssl rand -hex 32");
    }
  }

  private static OAuth oauth(Config c) {
    String issuer = c.getString("mcp.http.oauth.issuer").trim();
    if (issuer.isEmpty()) {
      return OAuth.OFF;
    }
    checkUrl("mcp.http.oauth.issuer", issuer);
    String jwks = c.getString("mcp.http.oauth.jwks-url").trim();
    if (!jwks.isEmpty()) {
      checkUrl("mcp.http.oauth.jwks-url", jwks);
    }
    String resource = c.getString("mcp.http.oauth.resource").trim();
    if (!resource.isEmpty()) {
      checkUrl("mcp.http.oauth.resource", resource);
    }
    String claim = c.getString("mcp.http.oauth.roles-claim").trim();
    if (!claim.matches("[A-Za-z0-9_:/.-]+") || claim.startsWith(".") || claim.endsWith(".")) {
      throw new ConfigProblem(
          "mcp.http.oauth.roles-claim",
          "expected a claim name, dotted for a nested one: roles, groups, realm_access.roles");
    }
    Map<String, Role> mapping = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getObject("mcp.http.oauth.role-mapping").entrySet()) {
      String key = "mcp.http.oauth.role-mapping." + e.getKey();
      if (e.getValue().valueType() != ConfigValueType.STRING) {
        throw new ConfigProblem(key, "expected a role: " + String.join(" | ", Role.ids()));
      }
      // A quoted key with dots ("mcp.ops") stays one key: ConfigObject's keys are unsplit.
      mapping.put(e.getKey(), Role.parse(key, (String) e.getValue().unwrapped()));
    }
    Duration skew = c.getDuration("mcp.http.oauth.clock-skew");
    if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new ConfigProblem("mcp.http.oauth.clock-skew", "must be between 0s and 5m");
    }
    return new OAuth(
        issuer,
        c.getString("mcp.http.oauth.audience").trim(),
        resource,
        jwks.isEmpty() ? null : URI.create(jwks),
        claim,
        mapping,
        skew);
  }

  /**
   * localhost or a loopback address literal; no DNS lookup (a name could resolve elsewhere later).
   */
  private static boolean loopbackLiteral(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return java.net.InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /**
   * An https URL, or http to a loopback host (a local identity provider while trying things out):
   * tokens and keys fetched over plain HTTP from elsewhere could be swapped on the way.
   */
  private static void checkUrl(String key, String value) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(key, "'" + Sources.shown(value) + "' is not a URL", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null
        || uri.getUserInfo() != null
        || uri.getRawFragment() != null
        || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new ConfigProblem(
          key,
          "'"
              + Sources.shown(value)
              + "' is not an https URL such as https://idp.example.com/realms/ops");
    }
    if (scheme.equals("http") && !loopbackLiteral(uri.getHost())) {
      throw new ConfigProblem(
          key,
          "must be https (plain http is accepted only for a loopback host): keys fetched over plain "
              + "HTTP could be swapped on the way");
    }
  }
}
