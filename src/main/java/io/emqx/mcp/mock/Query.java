package io.emqx.mcp.mock;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Schema checks of query parameters, with the exact EMQX error for each (EMQX v5.8.9
 * apps/emqx_dashboard/src/emqx_dashboard_swagger.erl,
 * apps/emqx_management/src/emqx_mgmt_api_clients.erl).
 */
final class Query {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  private Query() {}

  /** page and limit, validated as minirest's schema does before the handler runs. */
  record Paging(int page, int limit) {
    long offset() {
      return (long) (page - 1) * limit;
    }
  }

  static Paging paging(Call call) {
    int page = intParam(call.query("page"), "page", 1, Integer.MAX_VALUE, "pos_integer()", 1);
    int limit =
        intParam(call.query("limit"), "limit", 1, MAX_LIMIT, "1.." + MAX_LIMIT, DEFAULT_LIMIT);
    return new Paging(page, limit);
  }

  private static int intParam(
      String raw, String name, int min, int max, String expected, int dflt) {
    if (raw == null) {
      return dflt;
    }
    if (!INTEGER.matcher(raw).matches()) {
      throw ApiError.validation(name, java.util.Map.of("expected", expected), raw);
    }
    long v = Long.parseLong(raw);
    if (v < min || v > max) {
      throw ApiError.validation(name, java.util.Map.of("expected", expected), v);
    }
    return (int) v;
  }

  /** A hocon boolean(): only true/false are accepted. Null when absent. */
  static Boolean bool(Call call, String name) {
    String raw = call.query(name);
    if (raw == null) {
      return null;
    }
    return switch (raw) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiError.validation(name, "Unable to parse boolean value", raw);
    };
  }

  /**
   * A hocon enum: {@code unable_to_convert_to_enum_symbol} for an unknown value. Null when absent.
   */
  static String oneOf(Call call, String name, Set<String> allowed) {
    String raw = call.query(name);
    if (raw != null && !allowed.contains(raw)) {
      throw ApiError.validation(name, "unable_to_convert_to_enum_symbol", raw);
    }
    return raw;
  }

  /**
   * The handler-level type check of {@code emqx_mgmt_api:query_string} (ip_address, proto_ver): 400
   * INVALID_PARAMETER with EMQX's sentence, not a schema BAD_REQUEST.
   */
  static ApiError wrongType(String name, String type, String value) {
    return ApiError.invalidParameter(
        "the " + name + " parameter expected type is " + type + ", but the value is " + value);
  }

  static Integer integer(Call call, String name) {
    String raw = call.query(name);
    if (raw == null) {
      return null;
    }
    if (!INTEGER.matcher(raw).matches()) {
      throw wrongType(name, "integer", raw);
    }
    return Integer.valueOf(raw);
  }

  /** An IPv4 or IPv6 literal, checked without ever asking DNS. */
  static boolean isIp(String s) {
    if (IPV4.matcher(s).matches()) {
      return true;
    }
    if (s.indexOf(':') < 0 || !s.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    try {
      // The brackets force literal parsing: no lookup can happen.
      java.net.InetAddress.getByName("[" + s + "]");
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
