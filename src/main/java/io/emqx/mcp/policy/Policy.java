package io.emqx.mcp.policy;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.tools.ErrorCode;
import io.emqx.mcp.tools.ToolException;
import io.emqx.mcp.tools.ToolSpec;

/**
 * The operator's rules, applied to every tool in one place (tools never check modes themselves):
 * which tools are offered, and which calls are refused before anything reaches EMQX.
 */
public final class Policy {

  private final boolean readOnly;

  public Policy(Settings.Mcp mcp) {
    this.readOnly = mcp.readOnly();
  }

  /** Whether {@code tools/list} shows the tool. A hidden tool still answers, with the reason. */
  public boolean offers(ToolSpec spec) {
    return refusal(spec) == null;
  }

  /** Refuses a call the operator did not allow; returns normally otherwise. */
  public void check(ToolSpec.Call call) {
    ToolException refusal = refusal(call.spec());
    if (refusal != null) {
      throw refusal;
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
