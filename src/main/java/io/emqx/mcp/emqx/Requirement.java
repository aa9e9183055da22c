package io.emqx.mcp.emqx;

import io.emqx.mcp.emqx.ClusterFacts.Edition;
import java.util.Objects;

/**
 * What a cluster must be to serve a call: the oldest EMQX version with every route the call uses,
 * and the edition. Declared per tool, next to its definition; checked against {@link ClusterFacts}
 * before anything is sent.
 *
 * @param since the oldest version
 * @param edition {@link Edition#ENTERPRISE} for Enterprise-only APIs (every 5.9+ build qualifies)
 */
public record Requirement(EmqxVersion since, Edition edition) {

  /** Every supported EMQX 5 and 6: no check needed, and no version is read for it. */
  public static final Requirement ANY =
      new Requirement(new EmqxVersion(5, 0, 0), Edition.OPENSOURCE);

  public Requirement {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(edition, "edition");
  }

  /** {@code "5.6"}, or {@code "5.9"} with Enterprise. */
  public static Requirement of(String since, Edition edition) {
    return new Requirement(EmqxVersion.parse(since), edition);
  }

  public boolean any() {
    // Field by field rather than equals(ANY): a record's equals is linked on first use through
    // ObjectMethods' bootstrap (method handles spun for each component, here and in EmqxVersion),
    // about a tenth of a cold first tool call.
    return edition == ANY.edition && since.compareTo(ANY.since) == 0;
  }

  /** Why {@code facts} cannot serve it, or null when they can. */
  public String unmetBy(ClusterFacts facts) {
    boolean oldEnough = facts.parsed().atLeast(since);
    boolean editionOk = edition == Edition.OPENSOURCE || facts.edition() == Edition.ENTERPRISE;
    if (oldEnough && editionOk) {
      return null;
    }
    return "the cluster runs EMQX "
        + facts.version()
        + " "
        + facts.edition().label()
        + "; this needs EMQX "
        + this;
  }

  /** {@code "5.6+"} or {@code "5.9+ Enterprise"}: how tables and messages show it. */
  @Override
  public String toString() {
    return since + "+" + (edition == Edition.ENTERPRISE ? " Enterprise" : "");
  }
}
