package io.emqx.mcp.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The benchmarks' command lines: {@code --name value} pairs from a fixed set, {@code -h}/{@code
 * --help} printing the usage and exiting 0, anything else printing it to stderr and exiting 2, so
 * that a mistyped option never starts a run of minutes with the defaults.
 */
final class BenchOptions {

  private BenchOptions() {}

  /**
   * The options given, over {@code defaults}; {@code optional} names may be given but have no
   * default. Exits the JVM on {@code --help} or a bad command line.
   */
  static Map<String, String> parse(
      String[] args, Map<String, String> defaults, Set<String> optional, String usage) {
    Map<String, String> given = new HashMap<>(defaults);
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-h") || args[i].equals("--help")) {
        System.out.print(usage);
        System.exit(0);
      }
      String name = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (!(defaults.containsKey(name) || optional.contains(name)) || i + 1 >= args.length) {
        System.err.print("unknown option or missing value: " + args[i] + "\n" + usage);
        System.exit(2);
      }
      given.put(name, args[++i]);
    }
    return given;
  }
}
