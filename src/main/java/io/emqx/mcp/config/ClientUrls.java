package io.emqx.mcp.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The host parts of the URLs clients can use to reach the HTTP server: for a wildcard ({@code
 * 0.0.0.0}, {@code ::}) the machine's interface addresses, never the wildcard itself, which no
 * client can connect to; otherwise the host as configured.
 *
 * <p>These hosts are also accepted as {@code Host} and {@code Origin} values: DNS-rebinding
 * protection is about names an attacker controls, and neither this machine's own addresses nor the
 * name the operator chose to listen on is one.
 */
public final class ClientUrls {

  private ClientUrls() {}

  /**
   * The hosts, as they go into a URL ({@code 10.0.0.5}, {@code [fd00::5]}, a name); non-loopback
   * first.
   */
  public static List<String> hosts(String host) {
    return hosts(host, interfaceAddresses());
  }

  static List<String> hosts(String host, List<InetAddress> interfaces) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean anyV4 = bare.equals("0.0.0.0");
    boolean any =
        anyV4 || bare.equals("::") || bare.equals("::0") || bare.equals("0:0:0:0:0:0:0:0");
    if (!any) {
      return List.of(
          bare.indexOf(':') >= 0 ? "[" + ipv6(bare) + "]" : bare.toLowerCase(Locale.ROOT));
    }
    List<String> outward = new ArrayList<>();
    List<String> loopback = new ArrayList<>();
    for (InetAddress a : interfaces) {
      boolean usable =
          a instanceof Inet4Address
              || !anyV4 && a instanceof Inet6Address && !a.isLinkLocalAddress();
      if (usable && !a.isAnyLocalAddress()) {
        (a.isLoopbackAddress() ? loopback : outward).add(literal(a));
      }
    }
    outward.addAll(loopback);
    if (outward.isEmpty()) {
      // The machine would not list its interfaces; loopback is there on every machine.
      return List.of(anyV4 ? "127.0.0.1" : "[::1]");
    }
    return outward.stream().distinct().toList();
  }

  /**
   * {@code http://h:*} and {@code https://h:*} for each host (a proxy in front may terminate TLS).
   */
  public static List<String> origins(List<String> hosts) {
    List<String> out = new ArrayList<>();
    for (String h : hosts) {
      out.add("http://" + h + ":*");
      out.add("https://" + h + ":*");
    }
    return out;
  }

  /** An address as a URL host: {@code 10.0.0.5}, or {@code [fd00::5]} in RFC 5952's short form. */
  static String literal(InetAddress a) {
    return a instanceof Inet6Address ? "[" + ipv6(a.getHostAddress()) + "]" : a.getHostAddress();
  }

  /**
   * RFC 5952's form (lower case, no leading zeros, the longest run of two or more zero groups as
   * {@code ::}), the one clients print and send in {@code Host}; Java prints every group.
   */
  static String ipv6(String address) {
    int zone = address.indexOf('%');
    String plain = zone < 0 ? address : address.substring(0, zone);
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(plain).getAddress(); // a literal: parsed, never looked up
    } catch (java.net.UnknownHostException e) {
      return plain.toLowerCase(Locale.ROOT);
    }
    if (bytes.length != 16) {
      return plain.toLowerCase(Locale.ROOT);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /** Every address of every interface that is up; empty when the machine will not say. */
  static List<InetAddress> interfaceAddresses() {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nif.isUp()) {
          out.addAll(Collections.list(nif.getInetAddresses()));
        }
      }
    } catch (SocketException e) {
      return List.of();
    }
    return out;
  }
}
