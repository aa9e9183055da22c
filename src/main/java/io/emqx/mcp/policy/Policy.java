package io.emqx.mcp.policy;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.tools.ErrorCode;
import io.emqx.mcp.tools.ToolException;
import io.emqx.mcp.tools.ToolRunner;
import io.emqx.mcp.tools.ToolSpec;

/**
 * The operator's rules, applied to every tool in one place (tools never check modes themselves):
 * which tools are offered, and which calls are refused before anything reaches EMQX.
 */
public final class Policy implements ToolRunner.Guard {

  private final boolean readOnly;
  private final TopicRules topics;

  public Policy(Settings settings) {
    this.readOnly = settings.mcp().readOnly();
    this.topics = settings.topics();
  }

  /** Whether {@code tools/list} shows the tool. A hidden tool still answers, with the reason. */
  public boolean offers(ToolSpec spec) {
    return refusal(spec) == null;
  }

  @Override
  public void admit(ToolSpec spec) {
    ToolException refusal = refusal(spec);
    if (refusal != null) {
      throw refusal;
    }
  }

  /**
   * Validates every topic argument the tool declares (invalid → {@code INVALID_ARGUMENT}) and checks
   * it against the topic policy (refused → {@code TOPIC_NOT_PERMITTED}).
   */
  @Override
  public void check(ToolSpec.Call call) {
    for (ToolSpec.TopicArg arg : call.spec().topics()) {
      String value = call.args().optString(arg.argument());
      if (value == null) {
        continue;
      }
      boolean publish = arg.use() == ToolSpec.TopicArg.Use.PUBLISH;
      try {
        if (publish) {
          Topics.validateTopicName(value);
        } else {
          Topics.validateFilter(value);
        }
      } catch (IllegalArgumentException e) {
        throw ToolException.invalid("'" + arg.argument() + "' is not a valid MQTT topic "
            + (publish ? "name" : "filter") + ": " + e.getMessage());
      }
      TopicRules.Decision decision = publish ? topics.checkPublish(value) : topics.checkSubscribe(value);
      if (!decision.allowed()) {
        throw new ToolException(ErrorCode.TOPIC_NOT_PERMITTED, "The topic policy does not allow "
            + (publish ? "publishing to" : "subscribing to") + " '" + value + "': " + decision.reason()
            + ". Nothing was sent to EMQX; the resource emqx://topics/policy lists what is allowed.");
      }
    }
  }

  private ToolException refusal(ToolSpec spec) {
    if (readOnly && spec.access().changesBroker()) {
      return new ToolException(ErrorCode.READ_ONLY, spec.name() + " changes the broker, and this server "
          + "is read-only (mcp.read-only / EMQX_MCP_READ_ONLY). Nothing was sent to EMQX; ask the "
          + "operator to change that setting if the change is intended.");
    }
    return null;
  }
}
