package dev.shepherd.provider;

import dev.shepherd.config.ProviderConfig;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.provider.openai.OpenAiUpstream;
import dev.shepherd.provider.simulator.SimulatorServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All providers of one configuration, by name. A {@code simulator} provider starts its in-process
 * server on loopback and is then called like any OpenAI-compatible upstream.
 */
public final class Upstreams implements AutoCloseable {
  private final Map<String, Upstream> byName;
  private final List<SimulatorServer> simulators;

  private Upstreams(Map<String, Upstream> byName, List<SimulatorServer> simulators) {
    this.byName = byName;
    this.simulators = simulators;
  }

  /** Creates clients for every provider and starts simulators. */
  public static Future<Upstreams> start(Vertx vertx, ShepherdConfig config) {
    Map<String, Upstream> byName = new HashMap<>();
    List<SimulatorServer> sims = new ArrayList<>();
    List<Future<?>> starting = new ArrayList<>();
    for (ProviderConfig p : config.providers()) {
      switch (p.kind()) {
        case "simulator" -> starting.add(SimulatorServer.start(vertx, p.simulator()).map(sim -> {
          synchronized (sims) {
            sims.add(sim);
            byName.put(p.name(), OpenAiUpstream.create(vertx, p, sim.baseUrl()));
          }
          return sim;
        }));
        case "openai" -> {
          if (p.available()) {
            byName.put(p.name(), OpenAiUpstream.create(vertx, p, p.baseUrl()));
          }
        }
        default -> throw new IllegalArgumentException("kind: " + p.kind() + " (expected: openai, simulator)");
      }
    }
    return Future.all(starting).map(v -> new Upstreams(Map.copyOf(byName), List.copyOf(sims)));
  }

  /** The upstream named {@code provider}; only called for available deployments. */
  public Upstream get(String provider) {
    Upstream u = byName.get(provider);
    if (u == null) {
      throw new IllegalStateException("no upstream for provider " + provider);
    }
    return u;
  }

  /** The simulators started for this configuration (tests adjust their behaviour). */
  public List<SimulatorServer> simulators() {
    return simulators;
  }

  @Override
  public void close() {
    byName.values().forEach(Upstream::close);
    simulators.forEach(SimulatorServer::close);
  }
}
