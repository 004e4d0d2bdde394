package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code limits} section and a model's {@code limits}: defaults, values, problems, printing. */
class LimitsConfigTest {
  private static final String FULL = """
      limits:
        redis: "redis://:s3cret@127.0.0.1:6379/2"
        redis_fail_mode: Closed
        instances: 2
        redis_timeout_ms: 50
        key_defaults: {rpm: 600, tpm: 200000, max_parallel: 16}
        account_defaults: {rpm: 6000}
        default_completion_reserve: 0
        clamp_max_tokens: true
      """;

  @Test
  void absentOrEmptyIsTheDefault() {
    assertSame(LimitsConfig.DEFAULT, Yaml.load("").limits());
    assertSame(LimitsConfig.DEFAULT, Yaml.load("limits:\n").limits());
    assertEquals(LimitsConfig.DEFAULT, Yaml.load("limits: {}").limits());
    assertEquals(new LimitsConfig("", FailMode.LOCAL, 1, 50, LimitValues.NONE, LimitValues.NONE, 1_024, false),
        Yaml.load("limits: {redis: \"\", key_defaults: {}}").limits());
  }

  @Test
  void everyKey() {
    assertEquals(new LimitsConfig("redis://:s3cret@127.0.0.1:6379/2", FailMode.CLOSED, 2, 50,
            new LimitValues(600L, 200_000L, 16), new LimitValues(6_000L, null, null), 0, true),
        Yaml.load(FULL).limits());
  }

  @Test
  void modelLimits() {
    ShepherdConfig c = Yaml.load(Yaml.ONE_MODEL + "    limits: {rpm: 60, tpm: 100000, max_parallel: 4}\n");
    assertEquals(new LimitValues(60L, 100_000L, 4), c.models().get(0).limits());
    assertSame(LimitValues.NONE, Yaml.load(Yaml.ONE_MODEL).models().get(0).limits());
    assertSame(LimitValues.NONE, Yaml.load(Yaml.ONE_MODEL + "    limits: {}\n").models().get(0).limits());
  }

  @Test
  void badValuesAreAllReported() {
    String message = Yaml.error("""
        limits:
          redis: "http://user:pw@host:6379"
          redis_fail_mode: sometimes
          instances: 0
          redis_timeout_ms: 0
          key_defaults: {rpm: 0, tpm: 20000000000, max_parallel: -1}
          default_completion_reserve: -1
        """);
    for (String expected : new String[] {
        "limits.redis: \"http://user:****@host:6379\" (expected: redis://[:PASSWORD@]HOST[:PORT][/DATABASE] or rediss://..., or empty for local limits)",
        "limits.redis_fail_mode: \"sometimes\" (expected: one of open, closed, local)",
        "limits.instances: 0 (expected: an integer >= 1)",
        "limits.redis_timeout_ms: 0 (expected: an integer >= 1)",
        "limits.key_defaults.rpm: 0 (expected: an integer in 1..10000000000 per minute, or absent for no limit)",
        "limits.key_defaults.tpm: 20000000000 (expected: an integer in 1..10000000000 per minute, or absent for no limit)",
        "limits.key_defaults.max_parallel: -1 (expected: an integer >= 1)",
        "limits.default_completion_reserve: -1 (expected: an integer >= 0)"}) {
      assertTrue(message.contains(expected), "missing <" + expected + "> in:\n" + message);
    }
    assertFalse(message.contains("pw"), message);
  }

  @Test
  void badModelLimitsNameTheirPath() {
    assertTrue(Yaml.error(Yaml.ONE_MODEL + "    limits: {max_parallel: 0}\n")
        .contains("models[0].limits.max_parallel: 0 (expected: an integer >= 1)"));
  }

  @Test
  void unknownKeysAreRejected() {
    assertEquals("limits.redis_url: unknown key (expected: one of: account_defaults, clamp_max_tokens,"
        + " default_completion_reserve, instances, key_defaults, redis, redis_fail_mode, redis_timeout_ms)",
        Yaml.error("limits: {redis_url: x}"));
    assertEquals("limits.key_defaults.parallel: unknown key (expected: one of: max_parallel, rpm, tpm)",
        Yaml.error("limits: {key_defaults: {parallel: 2}}"));
  }

  @Test
  void printedWithTheRedisPasswordMaskedAndOnlySetLimits() {
    String out = EffectiveConfigPrinter.print(Yaml.load(FULL + Yaml.ONE_MODEL + "    limits: {rpm: 60}\n"));
    assertTrue(out.contains("""
        limits:
          account_defaults:
            rpm: 6000
          clamp_max_tokens: true
          default_completion_reserve: 0
          instances: 2
          key_defaults:
            max_parallel: 16
            rpm: 600
            tpm: 200000
          redis: "redis://:****@127.0.0.1:6379/2"
          redis_fail_mode: "closed"
          redis_timeout_ms: 50
        """), out);
    assertFalse(out.contains("s3cret"), out);
    assertTrue(out.contains("    limits:\n      rpm: 60\n"), out);
  }

  @Test
  void defaultsPrintAndLoadBack() {
    String out = EffectiveConfigPrinter.print(Yaml.load(Yaml.ONE_MODEL));
    assertTrue(out.contains("  key_defaults: {}\n") && out.contains("  redis: \"\"\n"), out);
    assertFalse(out.contains("    limits:"), "a model without limits prints none:\n" + out);
  }

  @Test
  void printedLimitsLoadBack() {
    ShepherdConfig c = Yaml.load(FULL.replace(":s3cret@", "@") + Yaml.ONE_MODEL + "    limits: {tpm: 5, max_parallel: 1}\n");
    assertEquals(c, ConfigLoader.parse(EffectiveConfigPrinter.print(c), "printed", Map.of(), Yaml.DATA));
  }
}
