package io.emqx.mcp.diagnosis;

import io.emqx.mcp.emqx.model.Subscription;
import java.util.List;

/**
 * The subscription that comes closest to a topic it does not match: the usual cause of "the device
 * gets nothing" is a filter one level off ({@code devices/sensor-42/cmd} against {@code
 * devices/sensor-42/commands}).
 */
record NearMiss(String filter, int agreeing, String[] filterLevels, String[] topicLevels) {

  /**
   * The subscription agreeing with the topic on the most leading levels; null when none agrees on
   * any.
   */
  static NearMiss closest(List<Subscription> subscriptions, String topic) {
    String[] t = topic.split("/", -1);
    NearMiss best = null;
    for (Subscription s : subscriptions) {
      String filter = s.topic();
      String bare =
          filter.startsWith("$share/")
              ? filter.substring(filter.indexOf('/', 7) + 1)
              : filter.startsWith("$queue/") ? filter.substring(7) : filter;
      String[] f = bare.split("/", -1);
      int n = 0;
      while (n < f.length && n < t.length && (f[n].equals(t[n]) || f[n].equals("+"))) {
        n++;
      }
      if (n > 0 && (best == null || n > best.agreeing())) {
        best = new NearMiss(filter, n, f, t);
      }
    }
    return best;
  }

  /**
   * E.g. "'devices/sensor-42/cmd' agrees on 2 levels, then has 'cmd' where the topic has
   * 'commands'".
   */
  String describe() {
    String head =
        "'"
            + filter
            + "' agrees on "
            + agreeing
            + " level"
            + (agreeing == 1 ? "" : "s")
            + ", then ";
    if (agreeing < filterLevels.length && agreeing < topicLevels.length) {
      return head
          + "has '"
          + filterLevels[agreeing]
          + "' where the topic has '"
          + topicLevels[agreeing]
          + "'";
    }
    return head
        + (filterLevels.length < topicLevels.length
            ? "ends where the topic goes on ('" + topicLevels[agreeing] + "')"
            : "goes on ('" + filterLevels[agreeing] + "') where the topic ends");
  }
}
