package io.emqx.mcp.tools;

import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.emqx.model.Required;
import java.util.List;

/**
 * Pages for every list tool: the same {@code page}/{@code limit} arguments, the same {@code {data,
 * meta}} result, and paging done here for the few EMQX lists that do not page themselves. A limit
 * of {@value #MAX_LIMIT} keeps the text a model reads to a few kilobytes.
 */
final class Paging {

  /** The most rows one call returns. */
  static final int MAX_LIMIT = 100;

  static final int DEFAULT_LIMIT = 25;

  /** list_clients' bound too: a million pages of 100 is beyond any cluster's lists. */
  static final int MAX_PAGE = 1_000_000;

  private Paging() {}

  /** Adds {@code page} and {@code limit} to an input schema. */
  static Schema args(Schema input) {
    return input
        .prop("page", Schema.integer("From 1.").range(1, MAX_PAGE).defaultValue(1))
        .prop("limit", Schema.integer("Per page.").range(1, MAX_LIMIT).defaultValue(DEFAULT_LIMIT));
  }

  static int page(Args args) {
    return args.integer("page", 1);
  }

  static int limit(Args args) {
    return args.integer("limit", DEFAULT_LIMIT);
  }

  /**
   * The output schema of a page: {@code {data: [item], meta: {page, limit, hasnext?, count?}}}.
   * Only the outline: the description names the fields, and tools/list stays small.
   */
  static Schema pageOf() {
    return list(Schema.object());
  }

  /** The output schema of a whole, unpaged list: {@code {data: [...], meta: {count}}}. */
  static Schema listOf() {
    return list(Schema.object().required("count", Schema.integer(null)));
  }

  /** A list's result, {@code {data: [...], meta}}, with this {@code meta}. */
  private static Schema list(Schema meta) {
    return Schema.object().required("data", Schema.array(null)).required("meta", meta);
  }

  /** A whole list EMQX does not page, as {@code {data, meta: {count}}}. */
  record Whole<T>(@Required List<T> data, @Required Count meta) {
    Whole(List<T> data) {
      this(List.copyOf(data), new Count(data.size()));
    }
  }

  /** The meta of a whole list. */
  record Count(int count) {}

  /** One page of a list EMQX answers whole, with the same meta EMQX gives its own pages. */
  static <T> Page<T> slice(List<T> all, int page, int limit) {
    long from = Math.min((long) (page - 1) * limit, all.size());
    int to = (int) Math.min(from + limit, all.size());
    return new Page<>(
        all.subList((int) from, to),
        new Page.Meta(page, limit, to < all.size(), (long) all.size()));
  }
}
