package dev.shepherd.provider;

import dev.shepherd.config.ProviderConfig;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.provider.anthropic.AnthropicProtocol;
import dev.shepherd.provider.gemini.GeminiProtocol;
import dev.shepherd.provider.http.HttpUpstream;
import dev.shepherd.provider.http.UpstreamProtocol;
import dev.shepherd.provider.openai.OpenAiProtocol;
import dev.shepherd.provider.simulator.SimulatorServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All providers of one configuration, by name: each an {@link HttpUpstream} speaking its kind's
 * {@link UpstreamProtocol}. A {@code simulator} provider starts its in-process server on loopback
 * and is then called like any OpenAI-compatible upstream. On a reload, a
 * provider whose settings did not change keeps its clients (and simulator) and its warm
 * connections; {@link #closeRetired} releases the rest once in-flight requests are done.
 */
public final class Upstreams implements AutoCloseable {
  private final Map<String, Entry> byName;

  private record Entry(ProviderConfig config, Upstream upstream, SimulatorServer simulator) {}

  private Upstreams(Map<String, Entry> byName) {
    this.byName = byName;
  }

  /** Creates clients for every provider and starts simulators. */
  public static Future<Upstreams> start(Vertx vertx, ShepherdConfig config) {
    return start(vertx, config, null);
  }

  /**
   * As {@link #start(Vertx, ShepherdConfig)}, reusing the upstreams of {@code previous} (may be
   * {@code null}) whose provider settings are unchanged.
   */
  public static Future<Upstreams> start(Vertx vertx, ShepherdConfig config, Upstreams previous) {
    Map<String, Entry> byName = new HashMap<>();
    List<Future<?>> starting = new ArrayList<>();
    for (ProviderConfig p : config.providers()) {
      Entry old = previous == null ? null : previous.byName.get(p.name());
      if (old != null && old.config.equals(p)) {
        byName.put(p.name(), old);
        continue;
      }
      if (p.kind().equals("simulator")) {
        starting.add(SimulatorServer.start(vertx, p.simulator()).map(sim -> {
          synchronized (byName) {
            byName.put(p.name(), new Entry(p, HttpUpstream.create(vertx, p, sim.baseUrl(), new OpenAiProtocol(p)), sim));
          }
          return sim;
        }));
      } else if (p.available()) {
        byName.put(p.name(), new Entry(p, HttpUpstream.create(vertx, p, p.baseUrl(), protocol(p)), null));
      }
    }
    return Future.all(starting).map(v -> new Upstreams(Map.copyOf(byName)));
  }

  /** The wire protocol of a remote provider: one line per kind. */
  private static UpstreamProtocol protocol(ProviderConfig p) {
    return switch (p.kind()) {
      case "openai" -> new OpenAiProtocol(p);
      case "anthropic" -> new AnthropicProtocol(p);
      case "gemini" -> new GeminiProtocol(p);
      default -> throw new IllegalArgumentException("kind: " + p.kind() + " (expected: openai, anthropic, gemini, simulator)");
    };
  }

  /** The upstream named {@code provider}; only called for available deployments. */
  public Upstream get(String provider) {
    Entry e = byName.get(provider);
    if (e == null) {
      throw new IllegalStateException("no upstream for provider " + provider);
    }
    return e.upstream;
  }

  /** The simulators started for this configuration (tests adjust their behaviour). */
  public List<SimulatorServer> simulators() {
    return byName.values().stream().map(Entry::simulator).filter(s -> s != null).toList();
  }

  /** The simulator of provider {@code name}, or {@code null}. */
  public SimulatorServer simulator(String name) {
    Entry e = byName.get(name);
    return e == null ? null : e.simulator;
  }

  /** Closes what this generation has and {@code successor} does not share. */
  public void closeRetired(Upstreams successor) {
    for (Entry e : byName.values()) {
      Entry kept = successor.byName.get(e.config.name());
      if (kept != e) {
        close(e);
      }
    }
  }

  @Override
  public void close() {
    byName.values().forEach(Upstreams::close);
  }

  private static void close(Entry e) {
    e.upstream.close();
    if (e.simulator != null) {
      e.simulator.close();
    }
  }
}
