package io.emqx.mcp.tools;

/** {@link SubscriptionToolsTest} against the fake playing EMQX 6.3 (`--mock-emqx=6.3`). */
@MockBacked.Plays("6.3.0")
class SubscriptionToolsOnSixTest extends SubscriptionToolsTest {}
