package dev.shepherd.server;

import dev.shepherd.auth.AdminAuth;
import dev.shepherd.auth.KeyCache;
import dev.shepherd.billing.Credit;
import dev.shepherd.billing.Instance;
import dev.shepherd.billing.LocalCredit;
import dev.shepherd.billing.LowBalance;
import dev.shepherd.billing.PromoExpiry;
import dev.shepherd.billing.SpendCaps;
import dev.shepherd.billing.SharedCredit;
import dev.shepherd.billing.Wallet;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.observe.AccessLog;
import dev.shepherd.observe.LineSink;
import dev.shepherd.observe.ObserverQueue;
import dev.shepherd.pipeline.ExchangeListener;
import dev.shepherd.pipeline.Pipeline;
import dev.shepherd.pipeline.Services;
import dev.shepherd.provider.Upstreams;
import dev.shepherd.routing.Catalog;
import dev.shepherd.store.Store;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import dev.shepherd.pipeline.Generation;
import dev.shepherd.routing.RoutingState;
import dev.shepherd.limits.Limiter;
import dev.shepherd.limits.Limiters;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: Vert.x, the HTTP listener (one server per event loop, sharing the port),
 * upstream clients, and the key cache refresher. {@link #start} returns once it listens;
 * {@link #close} stops accepting, then releases everything (the store belongs to the caller).
 */
public final class ShepherdServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShepherdServer.class);
  /** With shared balances, an instance silent this long is dead and its holds are released. */
  static final long STALE_AFTER_MILLIS = 30_000;
  private final Vertx vertx;
  private final LiveConfig live;
  private final RoutingState routing;
  private final Limiter limiter;
  private final dev.shepherd.billing.LedgerWriter ledger;
  private final Instance instance;
  private final LowBalance lowBalance;
  private final PromoExpiry promoExpiry;
  private final Thread refresher;
  private final int port;
  private final LineSink accessSink;
  private final dev.shepherd.observe.Observability observability;
  private volatile dev.shepherd.observe.requestlog.RequestLogging requestLog;
  private volatile dev.shepherd.observe.slo.SloEvaluator slo;
  private volatile ObserverQueue observerQueue;
  /** How often queued observer hooks run (metrics, access log and request log lag at most this much). */
  static final long OBSERVER_PERIOD_MILLIS = 100;
  /** Past this, hooks run inline: a waiting hook holds its ended exchange, so this bounds that memory. */
  static final long OBSERVER_MAX_LAG_MILLIS = 2_000;

  private ShepherdServer(Vertx vertx, int port, LiveConfig live, RoutingState routing, Limiter limiter,
      dev.shepherd.billing.LedgerWriter ledger, Instance instance, LowBalance lowBalance, PromoExpiry promoExpiry,
      Thread refresher, LineSink accessSink, dev.shepherd.observe.Observability observability) {
    this.observability = observability;
    this.ledger = ledger;
    this.instance = instance;
    this.lowBalance = lowBalance;
    this.promoExpiry = promoExpiry;
    this.routing = routing;
    this.limiter = limiter;
    this.accessSink = accessSink;
    this.vertx = vertx;
    this.live = live;
    this.refresher = refresher;
    this.port = port;
  }

  /** Starts a gateway for {@code config}; blocks until it listens. */
  public static ShepherdServer start(ShepherdConfig config, Store store, AdminAuth adminAuth, Clock clock)
      throws Exception {
    return start(config, store, adminAuth, clock, defaultAccessLog());
  }

  /**
   * As {@link #start(ShepherdConfig, Store, AdminAuth, Clock)}, writing the access log to
   * {@code accessSink} ({@code null}: no access log). The server closes the sink.
   */
  public static ShepherdServer start(ShepherdConfig config, Store store, AdminAuth adminAuth, Clock clock,
      LineSink accessSink) throws Exception {
    return start(config, store, adminAuth, clock, accessSink, null);
  }

  /**
   * As {@link #start(ShepherdConfig, Store, AdminAuth, Clock, LineSink)}, with {@code reloadSource}
   * re-reading the config for {@code POST /admin/v1/reload} and {@link #reload()} (it throws
   * {@link dev.shepherd.config.ConfigException} for an invalid config); {@code null}: not reloadable.
   */
  public static ShepherdServer start(ShepherdConfig config, Store store, AdminAuth adminAuth, Clock clock,
      LineSink accessSink, Supplier<ShepherdConfig> reloadSource) throws Exception {
    int loops = config.server().eventLoops();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
    Limiter limiter = null;
    dev.shepherd.billing.LedgerWriter ledger = null;
    Instance instance = null;
    LowBalance lowBalance = null;
    PromoExpiry promoExpiry = null;
    dev.shepherd.observe.Observability observability = null;
    dev.shepherd.observe.requestlog.RequestLogging requestLog = null;
    ObserverQueue observerQueue = null;
    dev.shepherd.observe.slo.SloEvaluator slo = null;
    try {
      KeyCache keys = new KeyCache(store.keys(), clock);
      keys.loadAll();
      boolean shared = config.billing().sharedBalances(store.dialect());
      instance = new Instance(store.billing(), clock, shared ? STALE_AFTER_MILLIS : 0);
      Upstreams upstreams = Upstreams.start(vertx, config).await(30, TimeUnit.SECONDS);
      RoutingState routing = new RoutingState(config.routing(), clock);
      Generation first = new Generation(1, config, Catalog.of(config, routing.health()), upstreams,
          dev.shepherd.tokens.Tokenizers.load(config.tokenizerFiles()),
          dev.shepherd.billing.PriceBook.of(config.models()), clock.millis());
      LiveConfig live = new LiveConfig(vertx, routing, reloadSource, clock, first);
      lowBalance = new LowBalance(() -> live.current().config().billing(), clock);
      ledger = new dev.shepherd.billing.LedgerWriter(store.billing(), 100, lowBalance);
      Credit wallet = shared ? new SharedCredit(store.billing(), ledger, instance.id())
          : new LocalCredit(new Wallet(), ledger, instance.id());
      store.billing().accounts().forEach(wallet::load);
      promoExpiry = new PromoExpiry(wallet, clock, lowBalance, PromoExpiry.PERIOD_MILLIS);
      SpendCaps caps = spendCaps(store, clock.millis());
      AccessLog accessLog = accessSink == null ? null : new AccessLog(accessSink);
      RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
      limiter = Limiters.create(config.limits());
      Services services = new Services(keys, routing, random, accessLog == null ? List.of() : List.of(accessLog),
          limiter, wallet, ledger, clock, caps);
      Pipeline pipeline = Pipeline.standard(services);
      observability = dev.shepherd.observe.Observability.start(config.observe(), routing.health(), accessSink, store);
      requestLog = dev.shepherd.observe.requestlog.RequestLogging.start(config.requestLog(), store.requests(), clock);
      List<dev.shepherd.observe.Observer> observers = new java.util.ArrayList<>(); // off the loop, in batches
      if (accessLog != null) {
        observers.add(accessLog);
      }
      observers.addAll(observability.deferredListeners()); // metrics
      if (requestLog.listener() != null) {
        observers.add(requestLog.listener());
      }
      List<ExchangeListener> listeners = new java.util.ArrayList<>(services.settlements());
      listeners.addAll(observability.inlineListeners()); // the in-flight gauge, tracing
      if (!observers.isEmpty()) { // nothing to observe: no queue, no thread, not even an enqueue per request
        boolean payloads = requestLog.listener() != null && config.requestLog().capturePayloads();
        observerQueue = new ObserverQueue(observers, payloads, OBSERVER_PERIOD_MILLIS, OBSERVER_MAX_LAG_MILLIS);
        listeners.add(observerQueue); // after the settlements: tokens counted on the loop are known
        if (observability.metrics() != null) {
          observability.metrics().beforeScrape(observerQueue::flush);
        }
      }
      slo = dev.shepherd.observe.slo.SloEvaluator.start(config.slo(), store.requests(), clock);
      Supplier<Catalog> catalog = () -> live.current().catalog();
      HttpRouter router = new HttpRouter(pipeline, live, listeners, keys,
          new ModelsApi(catalog, clock.millis() / 1000),
          new AdminApi(adminAuth, store.keys(), keys, catalog, new RoutingApi(live, routing),
              new AccountsApi(store.billing(), wallet, () -> live.current().config().billing(), clock),
              new CodesApi(store.billing(), clock),
              new UsageApi(store.usage(), store.billing(), () -> live.current().config().billing(), clock), clock)
              .observe(new RequestsApi(store.requests()), new SloApi(store.requests(), slo, clock)),
          new AccountSelfApi(store.billing(), wallet, store.usage(), () -> live.current().config().billing(), clock, caps),
          new RedeemApi(store.billing(), wallet, clock),
          config.server().maxBodyBytes(), new dev.shepherd.store.RequestIds(clock, store.requests().lastSequence()));
      router.metrics(observability.metricsPath(), observability.metricsEndpoint(adminAuth));
      HttpServerOptions options = new HttpServerOptions()
          .setHost(config.server().host())
          .setPort(config.server().port())
          .setTcpNoDelay(true)
          .setIdleTimeout(0);
      AtomicInteger port = new AtomicInteger();
      // One server per event loop; Vert.x shares the listening socket between them.
      vertx.deployVerticle(() -> new HttpVerticle(options, router, port),
          new DeploymentOptions().setInstances(loops)).await(30, TimeUnit.SECONDS);
      Thread refresher = Thread.ofVirtual().name("key-cache-refresh").start(() -> refreshLoop(keys));
      router.ready(true);
      ShepherdServer server = new ShepherdServer(vertx, port.get(), live, routing, limiter, ledger, instance, lowBalance,
          promoExpiry, refresher, accessSink, observability);
      server.requestLog = requestLog;
      server.observerQueue = observerQueue;
      server.slo = slo;
      return server;
    } catch (Exception e) {
      if (promoExpiry != null) {
        promoExpiry.close();
      }
      vertx.close().await(10, TimeUnit.SECONDS);
      if (limiter != null) {
        limiter.close();
      }
      if (ledger != null) {
        ledger.close();
      }
      if (instance != null) {
        instance.close();
      }
      if (lowBalance != null) {
        lowBalance.close();
      }
      if (slo != null) {
        slo.close();
      }
      if (observerQueue != null) {
        observerQueue.close();
      }
      if (requestLog != null) {
        requestLog.close();
      }
      if (observability != null) {
        observability.close();
      }
      throw e;
    }
  }

  /**
   * Spend caps seeded with what each key spent today and this month (UTC), from the stored usage
   * records. Each instance then counts its own requests: with several instances, one does not see
   * what the others spend after it started.
   */
  private static SpendCaps spendCaps(Store store, long now) {
    SpendCaps caps = new SpendCaps();
    caps.load(store.billing().spendByKeySince(SpendCaps.dayStartMillis(now)),
        store.billing().spendByKeySince(SpendCaps.monthStartMillis(now)), now);
    return caps;
  }

  /** The access log: stdout, batched every 100 ms; {@code SHEPHERD_ACCESS_LOG=OFF} disables it. */
  public static LineSink defaultAccessLog() {
    String setting = System.getenv("SHEPHERD_ACCESS_LOG");
    if (setting != null && setting.equalsIgnoreCase("off")) {
      return null;
    }
    return new LineSink(System.out, 100, 100_000);
  }

  private static void refreshLoop(KeyCache keys) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(500);
        keys.refresh();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("key cache refresh failed: {}", e.toString());
      }
    }
  }

  /** The port the gateway listens on. */
  public int port() {
    return port;
  }

  /** The current generation's simulators and upstream clients (tests adjust simulators through this). */
  public Upstreams upstreams() {
    return live.current().upstreams();
  }

  /** This process's instance (id, sweeps of stale holds). */
  public Instance instance() {
    return instance;
  }

  /**
   * Runs the promo expiry sweep now (it also runs every minute) and returns the EXPIRY entries it
   * wrote or queued; {@link #flushBilling} then waits for queued ones (tests, operations).
   */
  public java.util.List<dev.shepherd.store.LedgerEntry> expirePromoNow() {
    return promoExpiry.sweep();
  }

  /** Low-balance alerts (delivered and failed counts). */
  public LowBalance lowBalance() {
    return lowBalance;
  }

  /** Blocks until every billing record queued so far is written (tests). */
  public void flushBilling() {
    ledger.flush();
  }

  /**
   * Blocks until every exchange ended so far is counted in the metrics, in the access log's queue
   * and written to the request log (tests, operations).
   */
  public void flushObservers() {
    if (observerQueue != null) {
      observerQueue.flush();
    }
    requestLog.flush();
  }

  /** The request log (flush, retention sweep, writer counters). */
  public dev.shepherd.observe.requestlog.RequestLogging requestLog() {
    return requestLog;
  }

  /** The SLO evaluator ({@code evaluate()} runs a check now). */
  public dev.shepherd.observe.slo.SloEvaluator slo() {
    return slo;
  }

  /** Metrics and tracing as configured ({@code observe}); parts that are off are {@code null}. */
  public dev.shepherd.observe.Observability observability() {
    return observability;
  }

  /** Closes every breaker and ends every cooldown ({@code POST /admin/v1/routing/reset}). */
  public void resetRouting() {
    routing.health().reset();
  }

  /**
   * Re-reads the config source and swaps it in (what {@code POST /admin/v1/reload} and the file
   * watcher do). Blocks; returns a one-line summary.
   *
   * @throws dev.shepherd.config.ConfigException if it is invalid (the old config keeps serving)
   */
  public String reload() {
    LiveConfig.Reloaded r = live.reload();
    return "config version " + r.version() + ": providers " + r.providers() + ", models " + r.models();
  }

  @Override
  public void close() {
    refresher.interrupt();
    promoExpiry.close(); // before the ledger closes: a sweep may still queue write-offs
    live.close();
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("shutdown did not complete cleanly: {}", e.toString());
    }
    limiter.close();
    ledger.close(); // after the event loops: every settled charge is written
    instance.close(); // then: stopped cleanly, nothing of ours is left held
    lowBalance.close(); // after the last batch: its alerts are sent (waits up to 5 s)
    slo.close();
    if (observerQueue != null) {
      observerQueue.close(); // after the event loops and the ledger: every ended or settled exchange is observed
    }
    requestLog.close(); // then: every ended exchange is written
    if (accessSink != null) {
      accessSink.close(); // after the event loops stopped: exchanges ending during shutdown still log
    }
    observability.close(); // likewise: spans of the last exchanges are exported
  }
}
