package io.emqx.mcp.support;

import io.emqx.mcp.mock.MockEmqx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One fake EMQX, seeded with its demo cluster, per test class, and reset before each test: what a
 * test class that starts its servers against the fake extends. A subclass's own {@code @BeforeAll}
 * runs after the fake is up, its {@code @AfterAll} before the fake stops.
 */
public abstract class MockEmqxPerClass {

  protected static MockEmqx emqx;

  @BeforeAll
  protected static void startMock() {
    emqx = MockEmqx.start(MockEmqx.Options.defaults());
  }

  @AfterAll
  protected static void stopMock() {
    emqx.close();
  }

  @BeforeEach
  protected void resetMock() {
    emqx.reset();
  }
}
