package io.emqx.mcp.policy;

import io.emqx.mcp.config.Role;
import io.modelcontextprotocol.common.McpTransportContext;

/**
 * Who makes a call, as the transport authenticated it: a named token, the subject of an OAuth
 * issuer's access token, nobody in particular (HTTP on loopback without auth), or the local user
 * (stdio). Its {@link #role()} decides which tools it sees and may call; {@link #key()} is what
 * confirmation tokens and rate limits are kept per.
 *
 * @param name the token's name, or the JWT's {@code sub}
 * @param issuer the JWT's {@code iss}; null for the other kinds
 */
public record Identity(Kind kind, String name, String issuer, Role role) {

  /** How the caller was recognised. */
  public enum Kind {
    /** stdio: the user who started the process. */
    LOCAL,
    /** HTTP without authentication (allowed on loopback only). */
    ANONYMOUS,
    /** A named static token ({@code mcp.http.tokens}, or {@code auth-token} as "default"). */
    TOKEN,
    /** A JWT access token of the configured OAuth issuer. */
    OAUTH
  }

  /**
   * The transport-context key under which a transport puts the request's identity. A context
   * without one is stdio's: the local user.
   */
  public static final String CONTEXT_KEY = "io.emqx.mcp/identity";

  /** The transport-context key of the remote address an HTTP request came from. */
  public static final String REMOTE_KEY = "io.emqx.mcp/remote";

  /** stdio's one caller. */
  public static final Identity LOCAL = new Identity(Kind.LOCAL, "local", null, Role.ADMIN);

  /** An HTTP caller of a server that asks for no token (loopback only): may do what stdio may. */
  public static final Identity ANONYMOUS =
      new Identity(Kind.ANONYMOUS, "anonymous", null, Role.ADMIN);

  public static Identity token(String name, Role role) {
    return new Identity(Kind.TOKEN, name, null, role);
  }

  public static Identity oauth(String subject, String issuer, Role role) {
    return new Identity(Kind.OAUTH, subject, issuer, role);
  }

  /** The caller as confirmation tokens and rate limits tell callers apart. */
  public String key() {
    return switch (kind) {
      case LOCAL -> "local";
      case ANONYMOUS -> "anonymous";
      case TOKEN -> "token:" + name;
      case OAUTH -> "oauth:" + issuer + "#" + name;
    };
  }

  /** The identity a request's transport context carries; the local user when it carries none. */
  public static Identity of(McpTransportContext context) {
    Object id = context == null ? null : context.get(CONTEXT_KEY);
    return id instanceof Identity identity ? identity : LOCAL;
  }

  /** The remote address of the request, or null (stdio). */
  public static String remote(McpTransportContext context) {
    Object remote = context == null ? null : context.get(REMOTE_KEY);
    return remote == null ? null : remote.toString();
  }
}
