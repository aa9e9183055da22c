package io.emqx.mcp.mock;

import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.extension.ExtensionFactory;
import com.github.tomakehurst.wiremock.extension.WireMockServices;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plugs the fake EMQX into WireMock. {@link MockEmqx} passes an instance; standalone WireMock finds
 * it through {@code META-INF/services} (extension scanning is on by default) and seeds it from the
 * root dir's {@code __files}. Where there is no {@code seed/clients.json} it adds nothing, so it
 * stays out of the way of any other WireMock that scans the classpath.
 */
public final class MockEmqxExtension implements ExtensionFactory {
  private final int generatedClients;
  private final String emqxVersion;
  private final Faults faults;
  private final LongAdder requests = new LongAdder();
  private volatile ClusterState state;

  /** For WireMock's service loader: the seeded demo cluster, no faults. */
  public MockEmqxExtension() {
    this(0, new Faults(), MockEmqx.Options.DEFAULT_VERSION);
  }

  MockEmqxExtension(int generatedClients, Faults faults, String emqxVersion) {
    this.generatedClients = generatedClients;
    this.faults = faults;
    this.emqxVersion = emqxVersion;
  }

  @Override
  public List<Extension> create(WireMockServices services) {
    Seed seed = Seed.load(services.getFiles());
    if (!seed.found()) {
      return List.of();
    }
    state = new ClusterState(seed, generatedClients, emqxVersion);
    return List.of(new EmqxTransformer(state, faults, requests), new TrailingSlashFilter());
  }

  /** Requests that reached the fake's handlers so far, every path and status counted. */
  LongAdder requests() {
    return requests;
  }

  /** The state created by {@link #create}, or null when WireMock found no seed. */
  ClusterState state() {
    return state;
  }
}
