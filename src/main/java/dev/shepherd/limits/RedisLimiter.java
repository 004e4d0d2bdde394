package dev.shepherd.limits;

import dev.shepherd.config.FailMode;
import dev.shepherd.config.LimitsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits shared by every instance through one Redis: each admit is one script call that checks and
 * updates all its scopes atomically ({@code admit.lua}); each settle is another, sent without
 * waiting ({@code settle.lua}). Keys expire once their buckets would be full again (one minute
 * later), so idle scopes cost nothing. Parallel slots are leases in a sorted set that expire after
 * {@link #LEASE_MS}, so a crashed instance cannot hold slots forever.
 *
 * <p>Time is the caller's {@code nowMillis}, not Redis TIME: instances' clocks are assumed close
 * (NTP); a clock that is behind by s ms refills its scopes up to s ms late, and a bucket never
 * refills backwards (its refill time only moves forward).
 *
 * <p>When Redis does not answer within {@code redis_timeout_ms} (or the connection is down), the
 * fail mode decides: {@code open} admits without limits, {@code closed} refuses with
 * {@link Admission.Reason#UNAVAILABLE}, {@code local} counts in this process with every limit
 * divided by {@code instances}. Each call tries Redis first, so limits are shared again as soon as
 * it answers. Admissions made in the fallback are settled there. An admit that timed out may
 * still reach Redis later and take its tokens (its slot lease then expires by itself).
 */
final class RedisLimiter implements Limiter {
  /** Longest a parallel slot is held without a settle (a crashed instance's slots come back). */
  static final long LEASE_MS = 15 * 60_000;

  /** The retry hint of a {@code closed} refusal. */
  static final long UNAVAILABLE_RETRY_MS = 1_000;

  private static final String BUCKETS = "shepherd:rl:b:";
  private static final String LEASES = "shepherd:rl:p:";
  private static final RedisScripts.Script ADMIT = RedisScripts.Script.load("admit.lua");
  private static final RedisScripts.Script SETTLE = RedisScripts.Script.load("settle.lua");
  private static final Logger log = LoggerFactory.getLogger(RedisLimiter.class);

  private final RedisScripts redis;
  private final FailMode failMode;
  private final int instances;
  private final LocalLimiter fallback = new LocalLimiter();
  private final String leasePrefix = UUID.randomUUID() + ":";
  private final AtomicLong leases = new AtomicLong();
  private final AtomicBoolean failing = new AtomicBoolean();

  RedisLimiter(LimitsConfig config) {
    this(new RedisScripts(config.redisUrl(), config.redisTimeoutMs()), config.redisFailMode(), config.instances());
  }

  RedisLimiter(RedisScripts redis, FailMode failMode, int instances) {
    this.redis = redis;
    this.failMode = failMode;
    this.instances = Math.max(1, instances);
  }

  /** Waits (at startup) up to {@code millis} for the connection, so first requests use Redis. */
  RedisLimiter awaitConnected(long millis) {
    redis.awaitConnected(java.time.Duration.ofMillis(millis));
    return this;
  }

  @Override
  public CompletionStage<Admission> admit(List<LimitScope> scopes, long reservedTokens, long nowMillis) {
    LimitScope[] counted = Scopes.counted(scopes);
    if (counted.length == 0) {
      return CompletableFuture.completedFuture(Admission.UNLIMITED);
    }
    long reserved = Bucket.tokens(reservedTokens);
    String lease = leasePrefix + leases.incrementAndGet();
    String[] keys = new String[counted.length * 2];
    String[] args = new String[4 + counted.length * 3];
    args[0] = Long.toString(nowMillis);
    args[1] = Long.toString(reserved);
    args[2] = lease;
    args[3] = Long.toString(LEASE_MS);
    for (int i = 0; i < counted.length; i++) {
      keys[2 * i] = BUCKETS + counted[i].id();
      keys[2 * i + 1] = LEASES + counted[i].id();
      putLimits(args, 4 + 3 * i, counted[i]);
    }
    return redis.run(ADMIT, keys, args).handle((reply, error) -> {
      if (error == null) {
        try {
          Admission a = decide(counted, reserved, lease, reply);
          recovered();
          return a;
        } catch (RuntimeException e) {
          error = e; // a reply of an unexpected shape
        }
      }
      return failed(scopes, reservedTokens, nowMillis, error);
    });
  }

  private Admission decide(LimitScope[] counted, long reserved, String lease, List<Object> reply) {
    boolean ok = ((Long) reply.get(0)) == 1L;
    Tally tally = new Tally();
    boolean[] slots = new boolean[counted.length];
    for (int i = 0; i < counted.length; i++) {
      LimitScope s = counted[i];
      long rpm = Bucket.cap(s.values().rpm());
      long tpm = Bucket.cap(s.values().tpm());
      int par = Bucket.parallel(s.values().maxParallel());
      long req = (Long) reply.get(1 + 3 * i);
      long tok = (Long) reply.get(2 + 3 * i);
      long inFlight = (Long) reply.get(3 + 3 * i);
      if (!ok) {
        tally.check(s.id(), rpm, tpm, par, req, tok, inFlight, reserved);
      }
      slots[i] = par > 0;
      tally.observe(s.id(), rpm, tpm, req, tok);
    }
    return ok ? tally.admitted(new Admission.Ticket(this, counted, slots, reserved, lease)) : tally.refused();
  }

  private Admission failed(List<LimitScope> scopes, long reservedTokens, long now, Throwable error) {
    if (failing.compareAndSet(false, true)) {
      log.warn("Redis limits unavailable ({}); fail mode {} until it answers again",
          rootMessage(error), failMode.name().toLowerCase(java.util.Locale.ROOT));
    }
    return switch (failMode) {
      case OPEN -> Admission.UNLIMITED;
      case CLOSED -> Admission.unavailable(UNAVAILABLE_RETRY_MS);
      case LOCAL -> fallback.check(divided(scopes), reservedTokens, now);
    };
  }

  private void recovered() {
    if (failing.compareAndSet(true, false)) {
      log.info("Redis limits available again");
    }
  }

  private List<LimitScope> divided(List<LimitScope> scopes) {
    if (instances == 1) {
      return scopes;
    }
    List<LimitScope> out = new ArrayList<>(scopes.size());
    for (LimitScope s : scopes) {
      out.add(new LimitScope(s.id(), Bucket.divide(s.values(), instances)));
    }
    return out;
  }

  @Override
  public void settle(Admission admitted, long actualTokens, long nowMillis) {
    try {
      Admission.Ticket t = admitted.ticket;
      if (t == null) {
        return;
      }
      if (t.owner() == fallback) {
        fallback.settle(admitted, actualTokens, nowMillis);
        return;
      }
      if (t.owner() != this || !admitted.claimSettle()) {
        return;
      }
      long delta = Bucket.tokens(actualTokens) - t.reserved();
      LimitScope[] scopes = t.scopes();
      String[] keys = new String[scopes.length * 2];
      String[] args = new String[3 + scopes.length * 3];
      args[0] = Long.toString(nowMillis);
      args[1] = Long.toString(delta);
      args[2] = t.leaseId();
      for (int i = 0; i < scopes.length; i++) {
        keys[2 * i] = BUCKETS + scopes[i].id();
        keys[2 * i + 1] = LEASES + scopes[i].id();
        putLimits(args, 3 + 3 * i, scopes[i]);
        if (!t.slots()[i]) {
          args[3 + 3 * i + 2] = "0";
        }
      }
      redis.run(SETTLE, keys, args).whenComplete((ok, error) -> {
        if (error != null) {
          log.debug("settle not recorded in Redis: {}", rootMessage(error));
        }
      });
    } catch (RuntimeException e) {
      log.error("settling {} failed", admitted, e);
    }
  }

  private static void putLimits(String[] args, int at, LimitScope s) {
    args[at] = Long.toString(Bucket.cap(s.values().rpm()));
    args[at + 1] = Long.toString(Bucket.cap(s.values().tpm()));
    args[at + 2] = Integer.toString(Bucket.parallel(s.values().maxParallel()));
  }

  private static String rootMessage(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }

  /** The local limiter used in fail mode {@code local} (for tests). */
  LocalLimiter fallback() {
    return fallback;
  }

  @Override
  public void close() {
    redis.close();
    fallback.close();
  }
}
