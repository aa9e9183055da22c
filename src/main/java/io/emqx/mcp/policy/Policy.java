package io.emqx.mcp.policy;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.tools.Args;
import io.emqx.mcp.tools.ErrorCode;
import io.emqx.mcp.tools.ToolException;
import io.emqx.mcp.tools.ToolRunner;
import io.emqx.mcp.tools.ToolSpec;
import java.util.List;

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
   * it against the topic policy (refused → {@code TOPIC_NOT_PERMITTED}). A topic inside an array of
   * objects ({@code messages[].topic}) is checked in every element before anything runs, so a batch
   * is refused whole rather than sent in part.
   */
  @Override
  public void check(ToolSpec.Call call) {
    for (ToolSpec.TopicArg arg : call.spec().topics()) {
      if (arg.array() == null) {
        checkTopic(call, arg, arg.argument(), call.args().optString(arg.argument()));
        continue;
      }
      List<Args> elements = call.args().objects(arg.array());
      for (int i = 0; i < elements.size(); i++) {
        checkTopic(call, arg, arg.array() + "[" + i + "]." + arg.property(),
            elements.get(i).optString(arg.property()));
      }
    }
  }

  private void checkTopic(ToolSpec.Call call, ToolSpec.TopicArg arg, String label, String value) {
    if (value == null) {
      return;
    }
    Args.validTopic(label, value, arg.use() == ToolSpec.TopicArg.Use.SUBSCRIBE);
    boolean write = arg.use() == ToolSpec.TopicArg.Use.PUBLISH;
    TopicRules.Decision decision = write ? topics.checkPublish(value) : topics.checkSubscribe(value);
    if (!decision.allowed()) {
      String verb = switch (arg.use()) {
        case PUBLISH -> "writing to";
        case SUBSCRIBE -> "subscribing to";
        case READ -> "reading";
      };
      throw new ToolException(ErrorCode.TOPIC_NOT_PERMITTED, "The topic policy does not allow "
          + verb + " '" + value + "' (" + call.spec().name() + " " + label + "): " + decision.reason()
          + ". Nothing was sent to EMQX; the resource emqx://topics/policy lists what is allowed.");
    }
  }

  /** The topic policy, for the resource that shows it. */
  public TopicRules topics() {
    return topics;
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
