package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code {data, meta}} page shape of EMQX list endpoints
 * (apps/emqx_management/src/emqx_mgmt_api.erl at v5.8.9).
 */
final class Pages {
  private Pages() {}

  /**
   * A page cut from a full list. {@code hasnext = page*limit < count}, the simplification the
   * reference allows. {@code withCount} false leaves {@code count} out, as fuzzy filters do.
   */
  static <T> ObjectNode of(
      List<T> all, Query.Paging p, Function<T, JsonNode> render, boolean withCount) {
    var data = Json.array();
    long from = Math.min(p.offset(), all.size());
    all.subList((int) from, (int) Math.min(all.size(), from + p.limit()))
        .forEach(t -> data.add(render.apply(t)));
    boolean hasnext = p.offset() + p.limit() < all.size();
    return page(data, meta(p, withCount ? Long.valueOf(all.size()) : null, hasnext));
  }

  static ObjectNode meta(Query.Paging p, Long count, Boolean hasnext) {
    ObjectNode meta = Json.object();
    if (count != null) {
      meta.put("count", count);
    }
    if (hasnext != null) {
      meta.put("hasnext", hasnext);
    }
    return meta.put("limit", p.limit()).put("page", p.page());
  }

  static ObjectNode page(ArrayNode data, ObjectNode meta) {
    ObjectNode out = Json.object();
    out.set("data", data);
    out.set("meta", meta);
    return out;
  }
}
