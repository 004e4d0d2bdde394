package dev.shepherd.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The YAML file as written: every key optional, snake_case names (via the mapper's naming
 * strategy), boxed types so that "absent" is {@code null}. Never leaves this package; {@link
 * ConfigConverter} turns it into the validated public records.
 */
final class Raw {
  private Raw() {}

  record Config(
      Server server,
      Store store,
      List<Provider> providers,
      List<Model> models,
      Boolean includeBuiltinCatalog,
      Routing routing,
      Limits limits,
      Map<String, String> tokenizers,
      Billing billing,
      Observe observe,
      Slo slo) {}

  record Observe(ObserveMetrics metrics, ObserveTracing tracing, RequestLog requestLog) {}

  record ObserveMetrics(Boolean enabled, String path, Boolean requireAdminKey) {}

  record ObserveTracing(String otlpEndpoint, String serviceName, Double sampleRatio, Map<String, String> headers) {}

  record RequestLog(Boolean enabled, Integer retentionDays, Integer rollupRetentionDays, Boolean capturePayloads,
      Integer maxPayloadBytes) {}

  record Slo(List<SloObjective> objectives, String webhook, Integer checkEverySeconds) {}

  record SloObjective(String model, String metric, BigDecimal threshold, String window, Long minRequests) {}

  record Billing(
      Map<String, BigDecimal> planRates,
      Map<String, BigDecimal> marketRates,
      SignupBonus signupBonus,
      Boolean refuseUnpriced,
      LowBalance lowBalance,
      String sharedBalances) {}

  record SignupBonus(String amount, Integer expiresDays) {}

  record LowBalance(String threshold, String webhook) {}

  record Limits(
      String redis,
      String redisFailMode,
      Integer instances,
      Long redisTimeoutMs,
      LimitValues keyDefaults,
      LimitValues accountDefaults,
      Long defaultCompletionReserve,
      Boolean clampMaxTokens) {}

  record LimitValues(Long rpm, Long tpm, Integer maxParallel) {}

  record Server(String host, Integer port, Long maxBodyBytes, Integer eventLoops) {}

  record Store(String url, String username, String password) {}

  record Provider(
      String name,
      String kind,
      String baseUrl,
      String apiKey,
      Boolean noAuth,
      Timeouts timeouts,
      Simulator simulator,
      String anthropicVersion,
      Long defaultMaxTokens) {}

  record Timeouts(Long connectMs, Long firstByteMs, Long idleMs, Long totalMs) {}

  record Simulator(
      Long ttftMs,
      Double tokensPerSecond,
      Integer outputTokens,
      Double errorRate,
      Integer errorStatus,
      Double rateLimitRate,
      Integer retryAfterS,
      Double stallRate,
      Double dropRate,
      Integer embeddingDimensions) {}

  record Model(
      String id,
      String ownedBy,
      Integer contextWindow,
      DatedPrice price,
      Price listPrice,
      String priceSource,
      List<Deployment> deployments,
      String sticky,
      LimitValues limits,
      String tokenizer,
      List<DatedPrice> priceHistory) {}

  record Price(BigDecimal inputPerMtok, BigDecimal cachedInputPerMtok, BigDecimal outputPerMtok) {}

  /** A relay price with the instant it takes effect ({@code price} and {@code price_history[]}). */
  record DatedPrice(BigDecimal inputPerMtok, BigDecimal cachedInputPerMtok, BigDecimal outputPerMtok,
      String effectiveFrom) {

    Price undated() {
      return new Price(inputPerMtok, cachedInputPerMtok, outputPerMtok);
    }
  }

  record Deployment(
      String provider,
      String model,
      Integer weight,
      Integer priority,
      Integer contextWindow,
      List<String> endpoints,
      Boolean shadow,
      Integer shadowPercent,
      List<String> dropParams) {}

  record Routing(Integer maxAttempts, RetryBudget retryBudget, Cooldown cooldown, Breaker breaker,
      Boolean traceHeader) {}

  record RetryBudget(Double ratio, Integer minPerSecond) {}

  record Cooldown(Long defaultMs, Long maxMs) {}

  record Breaker(
      Integer windowSeconds,
      Integer minimumRequests,
      Double failureRatio,
      Long openMs,
      Integer halfOpenProbes) {}
}
