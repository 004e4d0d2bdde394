package dev.shepherd.routing;

import dev.shepherd.api.openai.Endpoint;
import java.util.random.RandomGenerator;

/**
 * The ordered candidates for one request, and what happened to them. Built once per request
 * from the model's serving deployments: each is either eligible or skipped with a
 * {@link SkipReason}. {@link #next} then hands out eligible deployments lowest priority tier
 * first; inside a tier, a weighted random choice, or — for a sticky request — weighted
 * rendezvous hashing of the caller, so the same caller gets the same deployment while it is
 * eligible, and weight changes move only the share they must.
 *
 * <p>Confined to the request's event loop; not thread-safe.
 */
public final class Plan {
  private final Deployment[] ds;
  private final SkipReason[] skipped;
  private final boolean[] used;
  private final boolean sticky;
  private final long stickyHash;
  private final RandomGenerator random;
  private final long now;
  private Attempt[] attempts = new Attempt[2];
  private int attemptCount;
  private String stopReason;

  private Plan(Deployment[] ds, boolean sticky, long stickyHash, RandomGenerator random, long now) {
    this.ds = ds;
    this.skipped = new SkipReason[ds.length];
    this.used = new boolean[ds.length];
    this.sticky = sticky;
    this.stickyHash = stickyHash;
    this.random = random;
    this.now = now;
  }

  /**
   * Plans a request.
   *
   * @param requiredTokens prompt tokens (when known) + the completion reserve; 0 if unknown
   * @param stickyKey the caller identity to stick to, or {@code null} for a free choice
   * @param now epoch millis, for breakers and cooldowns
   */
  public static Plan build(ModelEntry model, Endpoint endpoint, long requiredTokens, String stickyKey,
      long now, RandomGenerator random) {
    Deployment[] ds = model.servingArray;
    Plan p = new Plan(ds, stickyKey != null, stickyKey == null ? 0 : mix(stickyKey.hashCode()), random, now);
    for (int i = 0; i < ds.length; i++) {
      p.skipped[i] = check(ds[i], endpoint, requiredTokens, now);
    }
    return p;
  }

  private static SkipReason check(Deployment d, Endpoint endpoint, long requiredTokens, long now) {
    if (!d.available()) {
      return SkipReason.UNAVAILABLE;
    }
    if (d.weight() == 0) {
      return SkipReason.DRAINED;
    }
    if (!d.serves(endpoint)) {
      return SkipReason.ENDPOINT;
    }
    if (requiredTokens > d.contextWindow()) {
      return SkipReason.CONTEXT;
    }
    if (d.health().coolingFor(now) > 0) {
      return SkipReason.COOLING_DOWN;
    }
    if (!d.health().breaker().admits(now)) {
      return SkipReason.BREAKER_OPEN;
    }
    return null;
  }

  /** The next deployment to try, or {@code null} when none is left. */
  public Deployment next() {
    int n = ds.length;
    int i = 0;
    while (i < n) {
      int tier = ds[i].priority();
      long total = 0;
      int j = i;
      for (; j < n && ds[j].priority() == tier; j++) {
        if (open(j)) {
          total += ds[j].weight();
        }
      }
      if (total > 0) {
        int k = sticky ? highestScore(i, j) : weightedPick(i, j, total);
        used[k] = true;
        return ds[k];
      }
      i = j;
    }
    return null;
  }

  private boolean open(int k) {
    return !used[k] && skipped[k] == null;
  }

  private int weightedPick(int from, int to, long total) {
    long r = random.nextLong(total);
    int last = -1;
    for (int k = from; k < to; k++) {
      if (open(k)) {
        last = k;
        if ((r -= ds[k].weight()) < 0) {
          return k;
        }
      }
    }
    return last;
  }

  /** Weighted rendezvous: score = −w ÷ ln(u), u a uniform hash of (caller, deployment). */
  private int highestScore(int from, int to) {
    int best = -1;
    double bestScore = -1;
    for (int k = from; k < to; k++) {
      if (open(k)) {
        long h = mix(stickyHash ^ ds[k].seed);
        double u = ((h >>> 11) + 0.5) * 0x1.0p-53;
        double score = -ds[k].weight() / Math.log(u);
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      }
    }
    return best;
  }

  /** Marks a deployment handed out by {@link #next} as skipped after all (e.g. no probe slot). */
  public void skip(Deployment d, SkipReason reason) {
    for (int k = 0; k < ds.length; k++) {
      if (ds[k] == d) {
        skipped[k] = reason;
      }
    }
  }

  /** Records why the plan stopped before running out of candidates (e.g. the retry budget). */
  public void stopped(String reason) {
    this.stopReason = reason;
  }

  /** Records an attempt: its result ("200", "503", "timeout", …) and milliseconds taken. */
  public void attempted(Deployment d, String result, long millis) {
    if (attemptCount == attempts.length) {
      attempts = java.util.Arrays.copyOf(attempts, attemptCount * 2);
    }
    attempts[attemptCount++] = new Attempt(d, result, millis);
  }

  public int attemptCount() {
    return attemptCount;
  }

  public Attempt attempt(int i) {
    return attempts[i];
  }

  /** The epoch millis the plan was built at. */
  public long builtAt() {
    return now;
  }

  /** Shortest cooldown left among deployments skipped for one, or -1. */
  public long shortestCooldown(long at) {
    long best = -1;
    for (int k = 0; k < ds.length; k++) {
      if (skipped[k] == SkipReason.COOLING_DOWN) {
        long left = ds[k].health().coolingFor(at);
        best = best < 0 ? left : Math.min(best, left);
      }
    }
    return best;
  }

  /** The deployment with the shortest cooldown, or {@code null}. */
  public Deployment shortestCooling(long at) {
    Deployment best = null;
    for (int k = 0; k < ds.length; k++) {
      if (skipped[k] == SkipReason.COOLING_DOWN
          && (best == null || ds[k].health().coolingFor(at) < best.health().coolingFor(at))) {
        best = ds[k];
      }
    }
    return best;
  }

  /** Shortest wait until an open breaker among the skipped admits a probe, or -1. */
  public long shortestBreakerWait(long at) {
    long best = -1;
    for (int k = 0; k < ds.length; k++) {
      if (skipped[k] == SkipReason.BREAKER_OPEN) {
        long left = Math.max(0, ds[k].health().breaker().openUntil() - at);
        best = best < 0 ? left : Math.min(best, left);
      }
    }
    return best;
  }

  /** Every serving deployment was skipped for {@code reason} (and none was tried). */
  public boolean allSkippedFor(SkipReason reason) {
    if (attemptCount > 0 || ds.length == 0) {
      return false;
    }
    for (SkipReason r : skipped) {
      if (r != reason) {
        return false;
      }
    }
    return true;
  }

  /**
   * The plan as one header-safe line: {@code candidates=…; skipped=id:reason,…; attempts=id:result:ms,…}
   * (plus {@code ; stopped=reason} when the budget ended it).
   */
  public String trace() {
    StringBuilder sb = new StringBuilder(96).append("candidates=");
    for (int k = 0; k < ds.length; k++) {
      sb.append(k == 0 ? "" : ",").append(ds[k].id());
    }
    sb.append("; skipped=");
    boolean first = true;
    for (int k = 0; k < ds.length; k++) {
      if (skipped[k] != null) {
        sb.append(first ? "" : ",").append(ds[k].id()).append(':').append(skipped[k].label());
        first = false;
      }
    }
    sb.append("; attempts=");
    for (int i = 0; i < attemptCount; i++) {
      Attempt a = attempts[i];
      sb.append(i == 0 ? "" : ",").append(a.deployment().id()).append(':').append(a.result())
          .append(':').append(a.millis()).append("ms");
    }
    if (stopReason != null) {
      sb.append("; stopped=").append(stopReason);
    }
    return sb.toString();
  }

  /** How many deployments were skipped. */
  public int skippedCount() {
    int n = 0;
    for (SkipReason r : skipped) {
      if (r != null) {
        n++;
      }
    }
    return n;
  }

  /** Skip reasons by deployment id, for the access log ({@code null} entries are omitted). */
  public void forEachSkip(java.util.function.BiConsumer<Deployment, SkipReason> action) {
    for (int k = 0; k < ds.length; k++) {
      if (skipped[k] != null) {
        action.accept(ds[k], skipped[k]);
      }
    }
  }

  /** One upstream attempt of a request: the deployment, its result and its milliseconds. */
  public static final class Attempt {
    private final Deployment deployment;
    private final long millis;
    private String result;

    Attempt(Deployment deployment, String result, long millis) {
      this.deployment = deployment;
      this.result = result;
      this.millis = millis;
    }

    public Deployment deployment() {
      return deployment;
    }

    /** {@code 200}, an upstream status, or a failure label ({@code timeout}, {@code connect_error}, …). */
    public String result() {
      return result;
    }

    /** Replaces the result once the attempt's end is known (e.g. a 200 whose stream broke). */
    public void result(String result) {
      this.result = result;
    }

    /** Milliseconds from sending to the response headers (or to the failure). */
    public long millis() {
      return millis;
    }
  }

  /** A 64-bit finalizer (the MurmurHash3 fmix64 constants): spreads close inputs apart. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb53fe1a85ec3L;
    return z ^ (z >>> 33);
  }
}
