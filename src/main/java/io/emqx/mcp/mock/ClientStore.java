package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The clients of the fake cluster. Two kinds: the seeded demo clients, held in memory, and a
 * generated cluster whose clients are computed from their index. Callers hold the state lock.
 */
interface ClientStore {
  /** The full client record, or null when there is no such client. */
  ObjectNode find(String clientid);

  /** Kicks a client out; false when it was not there. */
  boolean remove(String clientid);

  /** How many clients there are now. */
  long size();

  /**
   * Unfiltered page, in list order, without walking the clients before the offset where possible.
   */
  List<ClientFacts> slice(long offset, int limit);

  /** Every client in list order, computed lazily: memory does not grow with the client count. */
  Iterable<ClientFacts> all();

  /** The full record behind facts obtained from this store. */
  ObjectNode render(ClientFacts facts);
}
