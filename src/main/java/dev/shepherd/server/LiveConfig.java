package dev.shepherd.server;

import dev.shepherd.config.ConfigException;
import dev.shepherd.config.ModelConfig;
import dev.shepherd.config.ProviderConfig;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.pipeline.Generation;
import dev.shepherd.provider.Upstreams;
import dev.shepherd.routing.Catalog;
import dev.shepherd.routing.RoutingState;
import dev.shepherd.tokens.Tokenizers;
import io.vertx.core.Vertx;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link Generation} and how it is replaced. A reload reads the config source again,
 * validates it completely, builds the new catalog and clients (reusing unchanged providers), and
 * swaps the generation atomically; an invalid config changes nothing. Requests that started on
 * the old generation finish on it; its retired clients close after the longest request they could
 * still be serving. {@code server} and {@code store} settings need a restart and are kept.
 */
final class LiveConfig {
  private static final Logger LOG = LoggerFactory.getLogger(LiveConfig.class);
  private final Vertx vertx;
  private final RoutingState routing;
  private final Supplier<ShepherdConfig> source;
  private final InstantSource clock;
  private final List<Upstreams> retiring = new ArrayList<>();
  private volatile Generation current;

  LiveConfig(Vertx vertx, RoutingState routing, Supplier<ShepherdConfig> source, InstantSource clock,
      Generation first) {
    this.vertx = vertx;
    this.routing = routing;
    this.source = source;
    this.clock = clock;
    this.current = first;
  }

  Generation current() {
    return current;
  }

  /** The config file, when the source is one that can be edited ({@code null} otherwise). */
  dev.shepherd.config.ConfigFile file() {
    return source instanceof dev.shepherd.config.ConfigFile f ? f : null;
  }

  /** There is a file to reload from. */
  boolean reloadable() {
    return source != null;
  }

  /**
   * Reads and applies the config source. Blocks (file I/O, starting clients): never call it on an
   * event loop.
   *
   * @throws ConfigException if the source is invalid; the current generation keeps serving
   */
  synchronized Reloaded reload() {
    if (source == null) {
      throw new ConfigException("Shepherd was started without --config: there is no file to reload.");
    }
    ShepherdConfig read = source.get();
    Tokenizers tokenizers;
    try {
      tokenizers = Tokenizers.load(read.tokenizerFiles());
    } catch (RuntimeException e) {
      throw new ConfigException("tokenizers: " + e.getMessage(), e);
    }
    Generation old = current;
    var oldLimits = old.config().limits();
    var readLimits = read.limits();
    // The limiter (local or Redis) was built at start: its connection settings need a restart.
    var limits = new dev.shepherd.config.LimitsConfig(oldLimits.redisUrl(), oldLimits.redisFailMode(),
        oldLimits.instances(), oldLimits.redisTimeoutMs(), readLimits.keyDefaults(), readLimits.accountDefaults(),
        readLimits.defaultCompletionReserve(), readLimits.clampMaxTokens());
    ShepherdConfig next = old.config().withRoutable(read.providers(), read.models(), read.routing(),
        limits, read.tokenizerFiles(), read.billing());
    List<String> restart = new ArrayList<>();
    if (!read.server().equals(old.config().server())) {
      restart.add("server");
    }
    if (!read.store().equals(old.config().store())) {
      restart.add("store");
    }
    if (!read.limits().redisUrl().equals(oldLimits.redisUrl()) || read.limits().redisFailMode() != oldLimits.redisFailMode()
        || read.limits().instances() != oldLimits.instances() || read.limits().redisTimeoutMs() != oldLimits.redisTimeoutMs()) {
      restart.add("limits.redis");
    }
    if (!read.observe().equals(old.config().observe())) {
      restart.add("observe"); // the metrics registry, endpoint and tracer were built at start
    }
    if (!read.billing().sharedBalancesSetting().equals(old.config().billing().sharedBalancesSetting())) {
      restart.add("billing.shared_balances"); // the credit implementation was chosen at start
    }
    if (!read.requestLog().equals(old.config().requestLog())) {
      restart.add("observe.request_log"); // the writer and sweeper were built at start
    }
    if (!read.slo().equals(old.config().slo())) {
      restart.add("slo");
    }
    Upstreams upstreams;
    try {
      upstreams = Upstreams.start(vertx, next, old.upstreams()).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new ConfigException("could not start the new providers: " + e.getMessage(), e);
    }
    routing.configure(next.routing());
    Generation fresh = new Generation(old.version() + 1, next, Catalog.of(next, routing.health()), upstreams,
        tokenizers, dev.shepherd.billing.PriceBook.of(next.models()), clock.millis());
    current = fresh;
    retire(old.upstreams(), upstreams, old.config());
    Reloaded r = new Reloaded(fresh.version(),
        changes(old.config().providers(), next.providers(), ProviderConfig::name),
        changes(old.config().models(), next.models(), ModelConfig::id),
        !old.config().routing().equals(next.routing()), restart);
    LOG.info("config reloaded: version {} (providers {}, models {}, routing {}{})", r.version(),
        r.providers(), r.models(), r.routingChanged() ? "changed" : "unchanged",
        restart.isEmpty() ? "" : "; needs a restart to apply: " + restart);
    return r;
  }

  private void retire(Upstreams old, Upstreams successor, ShepherdConfig oldConfig) {
    long grace = oldConfig.providers().stream().mapToLong(p -> p.timeouts().totalMs()).max().orElse(0) + 1_000;
    synchronized (retiring) {
      retiring.add(old);
    }
    vertx.setTimer(grace, id -> {
      synchronized (retiring) {
        if (retiring.remove(old)) {
          old.closeRetired(successor);
        }
      }
    });
  }

  /** Closes the current and any retiring generation's clients (shutdown). */
  void close() {
    Upstreams now = current.upstreams();
    synchronized (retiring) {
      retiring.forEach(u -> u.closeRetired(now));
      retiring.clear();
    }
    now.close();
  }

  private static <T> Changes changes(List<T> before, List<T> after, Function<T, String> name) {
    Map<String, T> old = before.stream().collect(Collectors.toMap(name, t -> t));
    Map<String, T> now = after.stream().collect(Collectors.toMap(name, t -> t));
    Set<String> added = new LinkedHashSet<>();
    Set<String> changed = new LinkedHashSet<>();
    for (T t : after) {
      String n = name.apply(t);
      if (!old.containsKey(n)) {
        added.add(n);
      } else if (!Objects.equals(old.get(n), t)) {
        changed.add(n);
      }
    }
    Set<String> removed = before.stream().map(name).filter(n -> !now.containsKey(n))
        .collect(Collectors.toCollection(LinkedHashSet::new));
    return new Changes(List.copyOf(added), List.copyOf(changed), List.copyOf(removed));
  }

  /** Names added, changed and removed by a reload. */
  record Changes(List<String> added, List<String> changed, List<String> removed) {
    @Override
    public String toString() {
      return "+" + added + " ~" + changed + " -" + removed;
    }
  }

  /** What a reload did. */
  record Reloaded(int version, Changes providers, Changes models, boolean routingChanged,
      List<String> needRestart) {}
}
