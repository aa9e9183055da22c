package io.emqx.mcp.mock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One seeded fake per test class, reset before each test. */
abstract class MockTestBase {
  static MockEmqx emqx;
  static Api api;

  @BeforeAll
  static void startMock() {
    emqx = MockEmqx.start(MockEmqx.Options.defaults());
    api = new Api(emqx);
  }

  @AfterAll
  static void stopMock() {
    emqx.close();
  }

  @BeforeEach
  void resetMock() {
    emqx.reset();
  }
}
