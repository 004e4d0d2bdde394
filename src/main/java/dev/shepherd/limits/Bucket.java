package dev.shepherd.limits;

import dev.shepherd.config.LimitValues;

/**
 * Token-bucket arithmetic shared by the local limiter and the Redis script (which repeats it in
 * Lua). Levels are kept in units of 1/60 000 of a request or token, so a bucket of {@code cap} per
 * minute refills by exactly {@code cap} units per millisecond and all arithmetic is exact in
 * integers. With limits capped at {@link #MAX_LIMIT} and debt at {@link #DEBT_MINUTES} minutes,
 * every level stays below 2^53 in magnitude (exact as a Lua double too).
 */
final class Bucket {
  /** Units per request or token: the milliseconds in a minute. */
  static final long UNIT = 60_000;

  /** The largest per-minute limit (larger values count as this). */
  static final long MAX_LIMIT = 10_000_000_000L;

  /** A TPM bucket's debt (usage beyond the reservation) is capped at this many minutes of refill. */
  static final long DEBT_MINUTES = 10;

  private Bucket() {}

  /** A per-minute limit as a capacity: 0 for none, otherwise clamped to 1..{@link #MAX_LIMIT}. */
  static long cap(Long limit) {
    return limit == null ? 0 : Math.clamp(limit, 1, MAX_LIMIT);
  }

  /** A parallel limit: 0 for none, otherwise at least 1. */
  static int parallel(Integer limit) {
    return limit == null ? 0 : Math.max(1, limit);
  }

  /** A token count clamped to 0..{@link #MAX_LIMIT}. */
  static long tokens(long n) {
    return Math.clamp(n, 0, MAX_LIMIT);
  }

  static long full(long cap) {
    return cap * UNIT;
  }

  /** The lowest level a TPM bucket can be pushed to by {@code settle}. */
  static long floor(long cap) {
    return -DEBT_MINUTES * cap * UNIT;
  }

  /** {@code level} after {@code elapsedMs} of refill, at most full (and lowered to full if above). */
  static long refill(long level, long cap, long elapsedMs) {
    long full = full(cap);
    if (level >= full) {
      return full;
    }
    if (elapsedMs <= 0) {
      return level;
    }
    long room = full - level;
    return elapsedMs >= Math.ceilDiv(room, cap) ? full : level + elapsedMs * cap;
  }

  /** Milliseconds until {@code level} reaches {@code need} units; 0 if it has. */
  static long waitMillis(long level, long need, long cap) {
    return level >= need ? 0 : Math.ceilDiv(need - level, cap);
  }

  /** Milliseconds until the bucket is full again (OpenAI's "reset"). */
  static long resetMillis(long level, long cap) {
    return waitMillis(level, full(cap), cap);
  }

  /** Whole requests or tokens left; 0 in debt. */
  static long remaining(long level) {
    return level <= 0 ? 0 : level / UNIT;
  }

  /** Every limit divided by {@code n}, rounded up (what each of n instances enforces alone). */
  static LimitValues divide(LimitValues v, int n) {
    if (n <= 1 || v.isNone()) {
      return v;
    }
    return new LimitValues(
        v.rpm() == null ? null : Math.ceilDiv(v.rpm(), n),
        v.tpm() == null ? null : Math.ceilDiv(v.tpm(), n),
        v.maxParallel() == null ? null : Math.ceilDiv(v.maxParallel(), n));
  }
}
