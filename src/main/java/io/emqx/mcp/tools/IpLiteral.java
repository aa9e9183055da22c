package io.emqx.mcp.tools;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Recognises IP address literals without ever resolving a name (no DNS on a validation path). */
final class IpLiteral {

  private static final Pattern V4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern V6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpLiteral() {}

  static boolean isValid(String s) {
    if (V4.matcher(s).matches()) {
      return true;
    }
    if (s.indexOf(':') < 0 || !V6_CHARS.matcher(s).matches()) {
      return false;
    }
    try {
      // Only hex digits, ':' and '.' reach here, so this parses a literal and never does a lookup.
      InetAddress.getByName(s);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
