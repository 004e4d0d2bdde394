package dev.shepherd.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Validates and converts the optional {@code limits} section and a model's {@code limits}. Every
 * absent key takes its value from {@link LimitsConfig#DEFAULT}; every bad value is recorded in the
 * shared {@link ConfigConverter.Problems} under its full key path (a Redis URL with its password
 * masked).
 */
final class LimitsConverter {
  /** The largest rpm or tpm (10^10 per minute): keeps the limiters' arithmetic exact. */
  static final long MAX_PER_MINUTE = 10_000_000_000L;

  private LimitsConverter() {}

  static LimitsConfig convert(ConfigConverter.Problems problems, Raw.Limits raw) {
    LimitsConfig d = LimitsConfig.DEFAULT;
    if (raw == null) {
      return d;
    }
    String redis = redisUrl(problems, raw.redis());
    FailMode failMode = failMode(problems, raw.redisFailMode(), d.redisFailMode());
    int instances = (int) problems.range("limits.instances", raw.instances(), d.instances(), 1, Integer.MAX_VALUE);
    long timeout = problems.range("limits.redis_timeout_ms", raw.redisTimeoutMs(), d.redisTimeoutMs(), 1, Long.MAX_VALUE);
    LimitValues keyDefaults = values(problems, "limits.key_defaults", raw.keyDefaults());
    LimitValues accountDefaults = values(problems, "limits.account_defaults", raw.accountDefaults());
    long reserve = problems.range("limits.default_completion_reserve", raw.defaultCompletionReserve(),
        d.defaultCompletionReserve(), 0, Long.MAX_VALUE);
    boolean clamp = raw.clampMaxTokens() == null ? d.clampMaxTokens() : raw.clampMaxTokens();
    return new LimitsConfig(redis, failMode, instances, timeout, keyDefaults, accountDefaults, reserve, clamp);
  }

  /** A model's per-key limits; {@link LimitValues#NONE} when absent. */
  static LimitValues values(ConfigConverter.Problems problems, String path, Raw.LimitValues raw) {
    if (raw == null || (raw.rpm() == null && raw.tpm() == null && raw.maxParallel() == null)) {
      return LimitValues.NONE;
    }
    perMinute(problems, path + ".rpm", raw.rpm());
    perMinute(problems, path + ".tpm", raw.tpm());
    if (raw.maxParallel() != null) {
      problems.range(path + ".max_parallel", raw.maxParallel(), 0, 1, Integer.MAX_VALUE);
    }
    return new LimitValues(raw.rpm(), raw.tpm(), raw.maxParallel());
  }

  private static void perMinute(ConfigConverter.Problems problems, String path, Long value) {
    if (value != null && (value < 1 || value > MAX_PER_MINUTE)) {
      problems.add(path, value, "an integer in 1.." + MAX_PER_MINUTE + " per minute, or absent for no limit");
    }
  }

  /** Empty (local limits), or {@code redis://} / {@code rediss://} with a host. */
  private static String redisUrl(ConfigConverter.Problems problems, String url) {
    if (url == null || url.isEmpty()) {
      return "";
    }
    String expected = "redis://[:PASSWORD@]HOST[:PORT][/DATABASE] or rediss://..., or empty for local limits";
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("redis") || scheme.equalsIgnoreCase("rediss"))
          || uri.getHost() == null) {
        problems.add("limits.redis", Secrets.maskUrl(url), expected);
      }
    } catch (URISyntaxException e) {
      problems.add("limits.redis", Secrets.maskUrl(url), expected);
    }
    return url;
  }

  /** Case-insensitive {@code open}, {@code closed} or {@code local}. */
  private static FailMode failMode(ConfigConverter.Problems problems, String value, FailMode dflt) {
    if (value == null) {
      return dflt;
    }
    for (FailMode m : FailMode.values()) {
      if (m.name().equalsIgnoreCase(value)) {
        return m;
      }
    }
    problems.add("limits.redis_fail_mode", value, "one of " + names());
    return dflt;
  }

  private static String names() {
    StringBuilder b = new StringBuilder();
    for (FailMode m : FailMode.values()) {
      b.append(b.isEmpty() ? "" : ", ").append(m.name().toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }
}
