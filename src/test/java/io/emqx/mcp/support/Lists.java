package io.emqx.mcp.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a list result back as objects (for assertions): the structured content's {@code {data:
 * [objects], meta}} as it is, or the text's {@code {columns, data: [[…]], meta}}.
 */
public final class Lists {

  private Lists() {}

  /** The rows of a list result as maps from column to value. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> rows(Map<String, Object> result) {
    List<String> columns = (List<String>) result.get("columns");
    if (columns == null
        && result.get("data") instanceof List<?> objects
        && objects.stream().allMatch(Map.class::isInstance)) {
      return (List<Map<String, Object>>) objects;
    }
    List<List<Object>> data = (List<List<Object>>) result.get("data");
    if (columns == null) {
      throw new AssertionError("not a list result (no columns): " + result);
    }
    List<Map<String, Object>> rows = new ArrayList<>(data.size());
    for (List<Object> values : data) {
      if (values.size() != columns.size()) {
        throw new AssertionError(
            "a row of " + values.size() + " values for " + columns.size() + " columns");
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        row.put(columns.get(i), values.get(i));
      }
      rows.add(row);
    }
    return rows;
  }
}
