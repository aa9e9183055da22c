package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo clients from {@code seed/clients.json}, kept in file order. */
final class SeededClients implements ClientStore {
  private final Map<String, ObjectNode> records = new LinkedHashMap<>();
  private final Map<String, ClientFacts> facts = new LinkedHashMap<>();

  SeededClients(JsonNode seed) {
    for (JsonNode c : seed) {
      ObjectNode copy = c.deepCopy();
      String id = copy.get("clientid").asText();
      records.put(id, copy);
      facts.put(id, ClientFacts.of(copy));
    }
  }

  @Override
  public ObjectNode find(String clientid) {
    return records.get(clientid);
  }

  @Override
  public boolean remove(String clientid) {
    facts.remove(clientid);
    return records.remove(clientid) != null;
  }

  @Override
  public long size() {
    return records.size();
  }

  @Override
  public List<ClientFacts> slice(long offset, int limit) {
    var all = new ArrayList<>(facts.values());
    int from = (int) Math.min(offset, all.size());
    return List.copyOf(all.subList(from, Math.min(all.size(), from + limit)));
  }

  @Override
  public Iterable<ClientFacts> all() {
    return List.copyOf(facts.values());
  }

  @Override
  public ObjectNode render(ClientFacts f) {
    return records.get(f.clientid());
  }
}
