package io.emqx.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.ListeningConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.MethodExitEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.MethodExitRequest;
import io.emqx.mcp.support.RawRpc;
import io.emqx.mcp.tools.ToolCatalog;
import io.emqx.mcp.tools.ToolSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tools/list over stdio is whole whatever the threads do. The SDK builds the list with Reactor's
 * {@code filterWhen}, one filter answer per tool; when an answer came from another thread (the
 * server without immediate execution ran each on Reactor's bounded pool), an answer landing while
 * the list was still arriving dropped every tool after it: the operator was offered a prefix (17 of
 * 28 tools, once in a full build). That window is two statements wide inside Reactor, so no hook of
 * ours can hold a thread in it: the server runs as a process of its own ({@code Main --mock-emqx})
 * under a debugger, whose breakpoints force the interleaving every time. A filter answer's thread
 * is held right after it has published the answer ({@code clearCurrent}, before the slot is
 * cleared), and the thread delivering the list goes on ({@code onComplete}). With the answers on
 * the list's own thread there is no other thread to hold, and the list is whole.
 */
class ToolsListInterleavingTest {

  static final String SUBSCRIBER = "reactor.core.publisher.FluxFilterWhen$FluxFilterWhenSubscriber";

  /**
   * Reactor's state of a filterWhen with no filter answer under way ({@code STATE_FRESH}); the
   * others are an answer being computed (1) and one published, not yet taken (2).
   */
  static final int STATE_FRESH = 0;

  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  /**
   * With the toolsets on by default (28 tools offered of the 52 the filter judges) and with every
   * toolset (all 52 offered).
   */
  @ParameterizedTest
  @ValueSource(strings = {"default", "all"})
  void toolsList_isWhole_whenAFilterAnswerLandsWhileTheListIsStillArriving(String toolsets)
      throws Exception {
    ListeningConnector connector =
        Bootstrap.virtualMachineManager().listeningConnectors().stream()
            .filter(c -> c.transport().name().equals("dt_socket"))
            .findFirst()
            .orElseThrow();
    Map<String, Connector.Argument> args = connector.defaultArguments();
    args.get("localAddress").setValue("127.0.0.1");
    args.get("port").setValue("0");
    args.get("timeout").setValue(String.valueOf(WAIT.toMillis()));
    String address = connector.startListening(args);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-agentlib:jdwp=transport=dt_socket,server=n,suspend=n,address=" + address,
            "-XX:-UsePerfData",
            "-cp",
            System.getProperty("java.class.path"),
            "io.emqx.mcp.Main",
            "--mock-emqx");
    pb.environment().put("HOME", dir.toString());
    pb.environment().remove("EMQX_MCP_AUDIT_LOG");
    pb.environment().put("EMQX_MCP_TOOLSETS", toolsets);
    pb.redirectError(dir.resolve("stderr.txt").toFile());
    Process server = pb.start();
    VirtualMachine vm = null;
    try (RawRpc rpc = new RawRpc(server.getInputStream(), server.getOutputStream())) {
      vm = connector.accept(args);
      connector.stopListening(args);
      rpc.initialize();
      List<String> whole = names(rpc.call("tools/list", Map.of(), WAIT));
      assertEquals(
          ToolCatalog.all().stream()
              .filter(t -> toolsets.equals("all") || t.group().byDefault())
              .map(ToolSpec::name)
              .toList(),
          whole,
          "the list as the catalog has it, untouched");

      ReferenceType subscriber =
          vm.classesByName(SUBSCRIBER).stream()
              .findFirst()
              .orElseThrow(() -> new AssertionError("tools/list no longer uses filterWhen"));
      Interleaving forced = new Interleaving(vm, subscriber);
      CompletableFuture<Void> controller = CompletableFuture.runAsync(forced::run);
      List<String> listed = names(rpc.call("tools/list", Map.of(), WAIT));
      forced.stop();
      controller.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertTrue(forced.listDelivered, "the breakpoints saw the list being built");
      assertEquals(whole, listed, "breakpoints: " + forced.seen);
      assertEquals(List.of(), rpc.badLines());
    } finally {
      if (vm != null) {
        vm.dispose();
      }
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @SuppressWarnings("unchecked")
  static List<String> names(Map<String, Object> response) {
    Map<String, Object> result = (Map<String, Object>) response.get("result");
    assertNotNull(result, response.toString());
    return ((List<Map<String, Object>>) result.get("tools"))
        .stream().map(t -> (String) t.get("name")).toList();
  }

  /**
   * Drives the server's threads through the one interleaving that loses tools. The thread that
   * subscribes to the list ({@code onSubscribe}) delivers it; any other thread that answers a
   * filter is held at {@code clearCurrent} (its answer published, its slot not yet cleared) until
   * the delivering thread has completed the list ({@code onComplete} returned). When the list
   * arrives in full while an answer is still being computed elsewhere, the delivering thread waits
   * for that answer to be held first. Nothing waits on time: each step waits for the event that the
   * previous one makes certain.
   */
  static final class Interleaving {

    private final VirtualMachine vm;
    private final Field state;
    private final List<EventRequest> requests;
    private final MethodExitRequest completed;

    private ThreadReference deliverer;
    private ThreadReference heldAnswer;
    private boolean delivererWaiting;
    private volatile boolean stopped;

    volatile boolean listDelivered;
    volatile int held;

    /** What the breakpoints saw, in order: for the failure message. */
    final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    Interleaving(VirtualMachine vm, ReferenceType subscriber) {
      this.vm = vm;
      this.state = subscriber.fieldByName("state");
      EventRequestManager erm = vm.eventRequestManager();
      BreakpointRequest subscribed = breakpoint(erm, subscriber, "onSubscribe");
      BreakpointRequest answered = breakpoint(erm, subscriber, "clearCurrent");
      BreakpointRequest complete = breakpoint(erm, subscriber, "onComplete");
      completed = erm.createMethodExitRequest();
      completed.addClassFilter(subscriber);
      completed.setSuspendPolicy(EventRequest.SUSPEND_NONE);
      requests = List.of(subscribed, answered, complete, completed);
      subscribed.enable();
      answered.enable();
      complete.enable();
    }

    private static BreakpointRequest breakpoint(
        EventRequestManager erm, ReferenceType type, String method) {
      BreakpointRequest r =
          erm.createBreakpointRequest(type.methodsByName(method).get(0).location());
      r.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
      return r;
    }

    void stop() {
      stopped = true;
    }

    void run() {
      try {
        while (!stopped) {
          EventSet events = vm.eventQueue().remove(100);
          if (events == null) {
            continue;
          }
          for (Event e : events) {
            if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
              return;
            }
            if (e instanceof BreakpointEvent b) {
              onBreakpoint(b.thread(), b.location().method().name());
            } else if (e instanceof MethodExitEvent x
                && x.thread().equals(deliverer)
                && x.method().name().equals("onComplete")) {
              release();
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IncompatibleThreadStateException e) {
        throw new IllegalStateException(e);
      } finally {
        release();
      }
    }

    private void onBreakpoint(ThreadReference thread, String method)
        throws IncompatibleThreadStateException {
      seen.add(method + "@" + thread.name());
      switch (method) {
        case "onSubscribe" -> {
          if (deliverer == null) {
            deliverer = thread;
          }
          thread.resume();
        }
        case "clearCurrent" -> {
          if (thread.equals(deliverer) || heldAnswer != null || listDelivered) {
            thread.resume();
            return;
          }
          heldAnswer = thread;
          held++;
          if (delivererWaiting) {
            delivererWaiting = false;
            deliver();
          }
        }
        case "onComplete" -> {
          if (!thread.equals(deliverer)) {
            thread.resume();
            return;
          }
          int s = ((IntegerValue) thread.frames().get(0).thisObject().getValue(state)).value();
          seen.add("state=" + s);
          if (heldAnswer == null && s != STATE_FRESH) {
            // An answer is on its way from another thread (being computed, or published and
            // about to reach the breakpoint): hold it first.
            delivererWaiting = true;
          } else {
            deliver();
          }
        }
        default -> thread.resume();
      }
    }

    private void deliver() {
      listDelivered = true;
      completed.addThreadFilter(deliverer);
      completed.enable();
      deliverer.resume();
    }

    /** The list is complete: the held answer goes on, and the breakpoints are gone. */
    private void release() {
      requests.forEach(EventRequest::disable);
      if (heldAnswer != null) {
        heldAnswer.resume();
        heldAnswer = null;
      }
      if (deliverer != null && delivererWaiting) {
        delivererWaiting = false;
        deliverer.resume();
      }
    }
  }
}
