package io.emqx.mcp.mock;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fake's one WireMock extension point. A mapping names it in {@code transformers} and says what
 * to do in {@code transformerParameters}: {@code op} picks a handler (none: serve the mapping's own
 * body file), {@code auth: false} skips authorization. Order follows EMQX's pipeline (EMQX v5.8.9
 * apps/emqx_dashboard/src/emqx_dashboard.erl and minirest 1.4.8, the version it pins): routing and
 * the method check are the mappings' job, then authorization, body parsing, schema checks and the
 * handler run here.
 */
final class EmqxTransformer implements ResponseDefinitionTransformerV2 {
  static final String NAME = "emqx";

  private final Map<String, Handler> ops = new HashMap<>();
  private final Faults faults;
  private final LongAdder requests;
  private final ClusterState state;

  EmqxTransformer(ClusterState state, Faults faults, LongAdder requests) {
    this.state = state;
    this.faults = faults;
    this.requests = requests;
    new ClientsApi(state).register(ops);
    new PublishApi(state).register(ops);
    new RetainerApi(state).register(ops);
    new SubscriptionsApi(state).register(ops);
    new BannedApi(state).register(ops);
    new ClusterApi(state).register(ops);
    new RulesApi(state).register(ops);
    new AccessControlApi(state).register(ops);
    new TraceApi(state).register(ops);
    new PerformanceApi(state).register(ops);
    new QueuesApi(state).register(ops);
    new IntegrationApi(state).register(ops);
    new NamespacesApi(state).register(ops);
    RoutingApi.register(ops);
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    requests.increment();
    Fault fault = faults.fault();
    ResponseDefinition answer = fault == Fault.NONE ? answer(event) : FaultReplies.of(fault);
    long delay = faults.latency().toMillis();
    return delay <= 0
        ? answer
        : ResponseDefinitionBuilder.like(answer)
            .withFixedDelay((int) Math.min(delay, Integer.MAX_VALUE))
            .build();
  }

  private ResponseDefinition answer(ServeEvent event) {
    Parameters params = event.getTransformerParameters();
    var request = event.getRequest();
    try {
      if (!Boolean.FALSE.equals(params.getBoolean("auth", true))) {
        String url = request.getUrl();
        int query = url.indexOf('?');
        Auth.check(
            request.getHeader("Authorization"),
            state,
            request.getMethod().getName(),
            query < 0 ? url : url.substring(0, query));
      }
      String op = params.getString("op", null);
      if (op == null) {
        return event.getResponseDefinition();
      }
      Handler handler = ops.get(op);
      if (handler == null) {
        throw new IllegalStateException("no handler for op " + op);
      }
      return handler.handle(new Call(request, request.getPathParameters(), params)).toDefinition();
    } catch (ApiError e) {
      return e.reply().toDefinition();
    } catch (RuntimeException e) {
      // What minirest answers when a handler crashes (minirest 1.4.8 src/minirest_handler.erl,
      // pinned
      // by EMQX v5.8.9).
      return Reply.error(500, "INTERNAL_ERROR", "error, " + e + ", []").toDefinition();
    }
  }
}
