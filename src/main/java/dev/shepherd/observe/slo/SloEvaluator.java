package dev.shepherd.observe.slo;

import dev.shepherd.config.SloConfig;
import dev.shepherd.config.SloWindow;
import dev.shepherd.store.RequestLogStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the {@code slo} objectives against the request log's rollups ({@link WindowStats}) every
 * {@code check_every_seconds}, on a virtual thread, with time from the injected clock.
 *
 * <p>State is kept per objective and model ({@code *} objectives judge each model with traffic in
 * the window separately): it starts "met"; a value over the threshold makes it "breached" and sends
 * one {@code slo.breach}; a later value at or under it makes it "met" again and sends one
 * {@code slo.recovered}. Nothing is sent while the state stays the same. A window with fewer than
 * {@code min_requests} requests, or nothing to measure (no streams for a TTFT objective), gives no
 * verdict and changes nothing. State lives in memory: after a restart an ongoing breach is reported
 * again; with several instances each evaluates and sends.
 */
public final class SloEvaluator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SloEvaluator.class);
  private final SloConfig config;
  private final RequestLogStore store;
  private final InstantSource clock;
  private final SloWebhook webhook;
  private final Map<String, Status> states = new LinkedHashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * The last verdict of one objective on one model.
   *
   * @param objective index in {@code slo.objectives}
   * @param value the last measured value (NaN: no verdict yet)
   * @param breached whether the objective is currently breached
   * @param since when the state last changed (or was first judged)
   * @param checkedAt when it was last judged
   */
  public record Status(int objective, String model, double value, boolean breached, Instant since, Instant checkedAt) {}

  /**
   * @param background run {@link #evaluate} every {@code check_every_seconds} on a virtual thread
   *     (false: the caller runs it, as tests do)
   */
  public SloEvaluator(SloConfig config, RequestLogStore store, InstantSource clock, SloWebhook webhook,
      boolean background) {
    this.config = config;
    this.store = store;
    this.clock = clock;
    this.webhook = webhook;
    this.thread = background && !config.objectives().isEmpty()
        ? Thread.ofVirtual().name("slo-evaluator").start(this::loop) : null;
  }

  /** An evaluator for {@code config}, sending to its webhook (10 s timeout, 3 attempts). */
  public static SloEvaluator start(SloConfig config, RequestLogStore store, InstantSource clock) {
    return new SloEvaluator(config, store, clock, new SloWebhook(config.webhook(), Duration.ofSeconds(10), 3, 1_000),
        true);
  }

  public SloConfig config() {
    return config;
  }

  /** Judges every objective now; returns the events it sent (breaches and recoveries). Blocks (JDBC). */
  public synchronized List<SloEvent> evaluate() {
    Instant now = clock.instant();
    Map<SloWindow, List<WindowStats>> windows = new EnumMap<>(SloWindow.class);
    List<SloEvent> events = new ArrayList<>();
    for (int i = 0; i < config.objectives().size(); i++) {
      SloConfig.Objective o = config.objectives().get(i);
      List<WindowStats> stats = windows.computeIfAbsent(o.window(), w -> WindowStats.of(store, w, now.toEpochMilli()));
      for (WindowStats s : stats) {
        if (!o.model().equals("*") && !o.model().equals(s.model())) {
          continue;
        }
        double value = s.value(o.metric());
        if (s.requests() < o.minRequests() || Double.isNaN(value)) {
          continue;
        }
        judge(i, o, s.model(), value, now, events);
      }
    }
    events.forEach(webhook::send);
    return events;
  }

  private void judge(int index, SloConfig.Objective o, String model, double value, Instant now, List<SloEvent> events) {
    String key = index + "\u0000" + model;
    Status old = states.get(key);
    boolean breached = value > o.threshold();
    boolean was = old != null && old.breached();
    Instant since = old == null || was != breached ? now : old.since();
    states.put(key, new Status(index, model, value, breached, since, now));
    if (was == breached) {
      return;
    }
    SloEvent e = new SloEvent(breached, model, o.metric().id(), value, o.threshold(), o.window().id(), now);
    if (breached) {
      LOG.warn("SLO breached: {} of {} over {} is {} (objective: at most {})", o.metric().id(), model,
          o.window().id(), SloEvent.round(value), o.threshold());
    } else {
      LOG.info("SLO recovered: {} of {} over {} is {} (objective: at most {})", o.metric().id(), model,
          o.window().id(), SloEvent.round(value), o.threshold());
    }
    events.add(e);
  }

  /** The last verdict of every objective and model judged so far, in objective order. */
  public synchronized List<Status> status() {
    List<Status> out = new ArrayList<>(states.values());
    out.sort(java.util.Comparator.comparingInt(Status::objective).thenComparing(Status::model));
    return out;
  }

  /** The webhook's counters. */
  public SloWebhook webhook() {
    return webhook;
  }

  private void loop() {
    long period = TimeUnit.SECONDS.toNanos(config.checkEverySeconds());
    while (!closed) {
      LockSupport.parkNanos(period);
      if (closed) {
        return;
      }
      try {
        evaluate();
      } catch (RuntimeException e) {
        LOG.warn("SLO evaluation failed, will retry: {}", e.toString());
      }
    }
  }

  /** Stops evaluating and delivers the events already queued. */
  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    webhook.close();
  }
}
