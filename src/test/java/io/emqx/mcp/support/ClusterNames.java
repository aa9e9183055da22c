package io.emqx.mcp.support;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Cluster names as the config accepts them, for properties that route by cluster. */
public final class ClusterNames {
  private ClusterNames() {}

  /** Two to six distinct valid names (lower-case letters, digits, '-' and '_', 1 to 32 long). */
  public static Arbitrary<Set<String>> sets() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789-_")
        .ofMinLength(1)
        .ofMaxLength(32)
        .filter(n -> Character.isLetterOrDigit(n.charAt(0)))
        .set()
        .ofMinSize(2)
        .ofMaxSize(6);
  }
}
