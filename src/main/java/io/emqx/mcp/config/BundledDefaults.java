package io.emqx.mcp.config;

/** application.conf's tree without comments, for Defaults. DefaultsTest writes it. */
final class BundledDefaults {

  static final String JSON =
      """
      {"clusters":{},"default-cluster":"","emqx":{"api-key":"","api-secret":"",\
      "api-url":"http://127.0.0.1:18083/api/v5","max-response-size":"4MiB","request-timeout":"15s",\
      "tls":{"ca-file":"","cert-file":"","key-file":"","key-password":"","server-name":"",\
      "verify":true}},"mcp":{"audit-log":"~/.emqx-mcp/audit.log","confirm-destructive":false,\
      "dynamic-toolsets":false,"http":{"allowed-origins":["http://localhost:*",\
      "http://127.0.0.1:*","http://[::1]:*","https://localhost:*","https://127.0.0.1:*",\
      "https://[::1]:*"],"auth-token":"","drain-timeout":"20s","host":"127.0.0.1",\
      "max-connections-per-client":256,"max-initialize-size":"16KiB","max-request-size":"4MiB",\
      "max-sessions":1000,"max-sessions-per-client":100,"max-working-requests":0,\
      "oauth":{"audience":"","clock-skew":"60s","issuer":"","jwks-url":"","resource":"",\
      "role-mapping":{},"roles-claim":"roles"},"port":8080,"request-body-timeout":"10s",\
      "session-idle-timeout":"30m","tokens":{}},"mutations-per-minute":60,"protected-clients":[],\
      "read-only":false,"tools":{"disabled":[],"enabled":["*"]},"toolsets":["default"],\
      "transport":"stdio"},"mqtt":{"ca-file":"","client-id-prefix":"emqx-mcp-",\
      "password":"","response-topic-prefix":"emqx-mcp/replies","tls":{"ca-file":"",\
      "cert-file":"","key-file":"","key-password":"","server-name":"","verify":true},\
      "url":"","username":""},"topics":[]}
      """;

  private BundledDefaults() {}
}
