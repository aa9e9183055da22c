package io.emqx.mcp.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which known name a misspelt one was probably meant to be. Case and {@code _} versus {@code -}
 * count as no difference (HOCON keys here use {@code -}, environment variables {@code _}); every
 * other edit (a character deleted, inserted, replaced, or two neighbours swapped) counts one.
 */
final class Spelling {

  private Spelling() {}

  static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Optimal-string-alignment distance between the normalised forms. */
  static int distance(String a, String b) {
    String x = normalize(a);
    String y = normalize(b);
    int[][] d = new int[x.length() + 1][y.length() + 1];
    for (int i = 0; i <= x.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= y.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      for (int j = 1; j <= y.length(); j++) {
        int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && x.charAt(i - 1) == y.charAt(j - 2)
            && x.charAt(i - 2) == y.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[x.length()][y.length()];
  }

  /** Every candidate at the smallest distance from {@code word}, if that is at most {@code max}. */
  static List<String> nearest(String word, Collection<String> candidates, int max) {
    List<String> best = new ArrayList<>();
    int bestDistance = max + 1;
    for (String candidate : candidates) {
      int d = distance(word, candidate);
      if (d < bestDistance) {
        best.clear();
        bestDistance = d;
      }
      if (d == bestDistance) {
        best.add(candidate);
      }
    }
    return best;
  }

  /** "a", "a or b", "a, b or c". */
  static String orList(List<String> names) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }
}
