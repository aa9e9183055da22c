package io.emqx.mcp.diagnosis;

import io.emqx.mcp.emqx.Parallel.Outcome;
import io.emqx.mcp.emqx.model.Ban;
import io.emqx.mcp.emqx.model.Page;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which bans apply to a client, judged the way EMQX applies them at connect: exact client ID,
 * username or address, a regular expression found anywhere in the client ID or username ({@code
 * re:run}, unanchored), or an address range. A ban whose {@code until} has passed is listed until
 * EMQX purges it but no longer refuses anyone.
 */
final class Bans {

  private Bans() {}

  static void check(ClientDiagnosis.Inputs in, Map<String, Object> client, List<Finding> findings) {
    Outcome<Page<Ban>> exact = in.bansOfClient();
    Outcome<Page<Ban>> all = in.bans();
    if (!exact.ok() && !all.ok()) {
      findings.add(
          Finding.warning(
              "Bans could not be checked", all.failure().getMessage(), "Retry list_banned."));
      return;
    }
    Map<String, Ban> candidates = new LinkedHashMap<>();
    for (Outcome<Page<Ban>> o : List.of(exact, all)) {
      if (o.ok()) {
        o.value().data().forEach(b -> candidates.putIfAbsent(b.as() + "\u0000" + b.who(), b));
      }
    }
    String username = client == null ? null : Objects.toString(client.get("username"), null);
    String ip = client == null ? null : Objects.toString(client.get("ip_address"), null);
    for (Ban b : candidates.values()) {
      if (!applies(b, in.clientid(), username, ip)) {
        continue;
      }
      String evidence =
          "as="
              + b.as()
              + " who="
              + b.who()
              + " by="
              + b.by()
              + " at="
              + b.at()
              + " until="
              + b.until()
              + (b.reason() == null || b.reason().isEmpty() ? "" : " reason: " + b.reason());
      if (b.expired(in.now())) {
        findings.add(
            Finding.info(
                "An expired ban matches",
                evidence,
                "It no longer applies; EMQX purges it " + "in time."));
      } else {
        findings.add(
            Finding.critical(
                "Banned (" + b.as() + " " + b.who() + ")",
                evidence
                    + (client != null && !b.as().equals("clientid")
                        ? "; the current connection stays, a reconnect is " + "refused"
                        : "; EMQX refuses its connections"),
                "If the ban is no longer wanted: unban_client as="
                    + b.as()
                    + " who="
                    + b.who()
                    + "."));
      }
    }
    if (all.ok() && Boolean.TRUE.equals(all.value().meta().hasnext())) {
      findings.add(
          Finding.info(
              "Only part of the banned list was checked",
              "username, address and pattern bans "
                  + "were checked against the first "
                  + all.value().data().size()
                  + " of "
                  + all.value().meta().count()
                  + " entries",
              "list_banned pages through the rest."));
    }
  }

  static boolean applies(Ban b, String clientid, String username, String ip) {
    String who = b.who();
    return switch (String.valueOf(b.as())) {
      case "clientid" -> who.equals(clientid);
      case "username" -> who.equals(username);
      case "peerhost" -> ip != null && sameAddress(who, ip);
      case "clientid_re" -> found(who, clientid);
      case "username_re" -> username != null && found(who, username);
      case "peerhost_net" -> ip != null && inRange(who, ip);
      default -> false;
    };
  }

  private static boolean found(String regex, String value) {
    try {
      return Pattern.compile(regex).matcher(value).find();
    } catch (PatternSyntaxException e) {
      return false; // EMQX compiled it (PCRE); Java cannot: we cannot judge it, so we do not claim
      // it.
    }
  }

  private static boolean sameAddress(String a, String b) {
    byte[] x = address(a);
    return x != null && Arrays.equals(x, address(b));
  }

  /** Whether {@code ip} lies in the CIDR range {@code net} (e.g. 10.0.0.0/8). */
  static boolean inRange(String net, String ip) {
    int slash = net.indexOf('/');
    byte[] base = address(slash < 0 ? net : net.substring(0, slash));
    byte[] addr = address(ip);
    if (base == null || addr == null || base.length != addr.length) {
      return false;
    }
    int bits;
    try {
      bits = slash < 0 ? base.length * 8 : Integer.parseInt(net.substring(slash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    int total = base.length * 8;
    if (bits < 0 || bits > total) {
      return false;
    }
    BigInteger mask =
        bits == 0
            ? BigInteger.ZERO
            : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(total - bits);
    return new BigInteger(1, base).and(mask).equals(new BigInteger(1, addr).and(mask));
  }

  /**
   * The bytes of an IP literal; never a DNS lookup (only hex digits, '.' and ':' are passed on).
   */
  private static byte[] address(String literal) {
    if (literal == null || literal.isEmpty() || !literal.matches("[0-9A-Fa-f:.]+")) {
      return null;
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
