package io.emqx.mcp.emqx.model;

import java.util.List;

/** One page of an EMQX list answer: {@code {"data": [...], "meta": {...}}}. */
public record Page<T>(@Required List<T> data, @Required Meta meta) {

  public Page {
    data = List.copyOf(data);
  }

  /**
   * EMQX's paging metadata. {@code count} is absent when EMQX cannot count cheaply (fuzzy filters
   * such as {@code like_clientid}); {@code hasnext} may be true on an exactly full last page, so a
   * caller must accept an empty next page.
   */
  public record Meta(int page, int limit, Boolean hasnext, Long count) {}
}
