package dev.shepherd.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prints a {@link ShepherdConfig} as YAML, for {@code shepherd check-config FILE}.
 *
 * <p>Guarantees: the output is deterministic for a given config; keys are sorted alphabetically
 * at every level and lists keep config order; it uses the config file's key names, so it can be
 * read back by {@link ConfigLoader} (with secrets re-supplied); and no secret is printed: {@code
 * api_key}, the store {@code password}, URL userinfo passwords and secret query parameters
 * ({@code password}, {@code key}, {@code token}, ...) show as {@code "****"}, or as {@code ""}
 * when empty so an operator sees that they are unset.
 *
 * <p>Every setting is shown with its effective value (defaults filled in), except a deployment's
 * optional {@code context_window}, {@code endpoints}, {@code shadow} and {@code shadow_percent},
 * and a model's {@code limits}, which appear only when set, so that "the model's window", "every
 * endpoint" and "no limit" read back as such. Limit mappings ({@code limits.key_defaults}, ...)
 * list only the limits that are set; the {@code limits.redis} URL has its password masked. A model's
 * {@code price_history} appears only when it has entries; {@code billing.low_balance} only when set,
 * with its webhook URL masked like other URLs; amounts print as strings such as {@code "1.00"}.
 * {@code observe.tracing} appears only when tracing is on, its collector header values masked.
 * {@code observe.request_log} and {@code slo} always appear, with every default; the SLO webhook is
 * masked like other URLs.
 */
public final class EffectiveConfigPrinter {
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  private EffectiveConfigPrinter() {}

  /** The effective configuration as YAML with sorted keys and masked secrets. */
  public static String print(ShepherdConfig c) {
    SortedMap<String, Object> root = new TreeMap<>();
    root.put("server", server(c.server()));
    root.put("store", store(c.store()));
    root.put("providers", c.providers().stream().map(EffectiveConfigPrinter::provider).toList());
    root.put("models", c.models().stream().map(EffectiveConfigPrinter::model).toList());
    root.put("routing", routing(c.routing()));
    root.put("limits", limits(c.limits()));
    root.put("billing", billing(c.billing()));
    Map<String, Object> observe = new TreeMap<>(observe(c.observe()));
    observe.put("request_log", RequestLogConverter.print(c.requestLog()));
    root.put("observe", observe);
    root.put("slo", SloConverter.print(c.slo()));
    if (!c.tokenizerFiles().isEmpty()) {
      root.put("tokenizers", new TreeMap<>(c.tokenizerFiles()));
    }
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> server(ServerConfig s) {
    return sorted(
        "host", s.host(),
        "port", s.port(),
        "max_body_bytes", s.maxBodyBytes(),
        "event_loops", s.eventLoops());
  }

  private static Map<String, Object> store(StoreConfig s) {
    return sorted(
        "url", Secrets.maskUrl(s.url()),
        "username", s.username(),
        "password", Secrets.mask(s.password()));
  }

  private static Map<String, Object> provider(ProviderConfig p) {
    Timeouts t = p.timeouts();
    SortedMap<String, Object> m = sorted(
        "name", p.name(),
        "kind", p.kind(),
        "base_url", Secrets.maskUrl(p.baseUrl()),
        "api_key", Secrets.mask(p.apiKey()),
        "no_auth", p.authNone(),
        "timeouts", sorted(
            "connect_ms", t.connectMs(),
            "first_byte_ms", t.firstByteMs(),
            "idle_ms", t.idleMs(),
            "total_ms", t.totalMs()));
    if (!p.anthropicVersion().isEmpty()) {
      m.put("anthropic_version", p.anthropicVersion());
      m.put("default_max_tokens", p.defaultMaxTokens());
    }
    SimulatorSettings s = p.simulator();
    if (s != null) {
      m.put("simulator", sorted(
          "ttft_ms", s.ttftMs(),
          "tokens_per_second", s.tokensPerSecond(),
          "output_tokens", s.outputTokens(),
          "error_rate", s.errorRate(),
          "error_status", s.errorStatus(),
          "rate_limit_rate", s.rateLimitRate(),
          "retry_after_s", s.retryAfterSeconds(),
          "stall_rate", s.stallRate(),
          "drop_rate", s.dropRate(),
          "embedding_dimensions", s.embeddingDimensions()));
    }
    return m;
  }

  private static Map<String, Object> routing(RoutingConfig r) {
    BreakerConfig b = r.breaker();
    return sorted(
        "max_attempts", r.maxAttempts(),
        "trace_header", r.traceHeader(),
        "retry_budget", sorted(
            "ratio", r.retryBudgetRatio(),
            "min_per_second", r.retryBudgetMinPerSecond()),
        "cooldown", sorted(
            "default_ms", r.defaultCooldownMs(),
            "max_ms", r.maxCooldownMs()),
        "breaker", sorted(
            "window_seconds", b.windowSeconds(),
            "minimum_requests", b.minimumRequests(),
            "failure_ratio", b.failureRatio(),
            "open_ms", b.openMs(),
            "half_open_probes", b.halfOpenProbes()));
  }

  private static Map<String, Object> limits(LimitsConfig l) {
    return sorted(
        "redis", Secrets.maskUrl(l.redisUrl()),
        "redis_fail_mode", l.redisFailMode().name().toLowerCase(Locale.ROOT),
        "instances", l.instances(),
        "redis_timeout_ms", l.redisTimeoutMs(),
        "key_defaults", limitValues(l.keyDefaults()),
        "account_defaults", limitValues(l.accountDefaults()),
        "default_completion_reserve", l.defaultCompletionReserve(),
        "clamp_max_tokens", l.clampMaxTokens());
  }

  /** Only the limits that are set; an empty mapping means no limit. */
  private static Map<String, Object> limitValues(LimitValues v) {
    SortedMap<String, Object> m = new TreeMap<>();
    if (v.rpm() != null) {
      m.put("rpm", v.rpm());
    }
    if (v.tpm() != null) {
      m.put("tpm", v.tpm());
    }
    if (v.maxParallel() != null) {
      m.put("max_parallel", v.maxParallel());
    }
    return m;
  }

  private static Map<String, Object> model(ModelConfig m) {
    SortedMap<String, Object> out = sorted(
        "id", m.id(),
        "owned_by", m.ownedBy(),
        "context_window", m.contextWindow(),
        "price", dated(m.price(), m.priceEffectiveFrom()),
        "price_source", m.priceSource(),
        "sticky", m.sticky().name().toLowerCase(Locale.ROOT),
        "deployments", m.deployments().stream().map(EffectiveConfigPrinter::deployment).toList());
    if (m.listPrice() != null) {
      out.put("list_price", price(m.listPrice()));
    }
    if (!m.priceHistory().isEmpty()) {
      out.put("price_history", m.priceHistory().stream().map(h -> dated(h.price(), h.effectiveFrom())).toList());
    }
    if (!m.limits().isNone()) {
      out.put("limits", limitValues(m.limits()));
    }
    if (!m.tokenizer().isEmpty()) {
      out.put("tokenizer", m.tokenizer());
    }
    return out;
  }

  /** The four basic keys always; the others only when they differ from their defaults. */
  private static Map<String, Object> deployment(DeploymentConfig d) {
    SortedMap<String, Object> out = sorted(
        "provider", d.provider(), "model", d.model(), "weight", d.weight(), "priority", d.priority());
    if (d.contextWindow() != 0) {
      out.put("context_window", d.contextWindow());
    }
    if (!d.endpoints().isEmpty()) {
      out.put("endpoints", List.copyOf(new TreeSet<>(d.endpoints())));
    }
    if (d.shadow()) {
      out.put("shadow", true);
      out.put("shadow_percent", d.shadowPercent());
    }
    if (!d.dropParams().isEmpty()) {
      out.put("drop_params", List.copyOf(new TreeSet<>(d.dropParams())));
    }
    return out;
  }

  private static Map<String, Object> dated(Price p, java.time.Instant effectiveFrom) {
    Map<String, Object> m = price(p);
    m.put("effective_from", effectiveFrom.toString());
    return m;
  }

  private static Map<String, Object> billing(BillingConfig b) {
    SortedMap<String, Object> m = sorted(
        "plan_rates", new TreeMap<>(b.planRates()),
        "market_rates", new TreeMap<>(b.marketRates()),
        "signup_bonus", sorted(
            "amount", money(b.signupBonusMicros()),
            "expires_days", b.signupBonusExpiresDays()),
        "refuse_unpriced", b.refuseUnpriced());
    if (b.lowBalanceMicros() > 0 || !b.lowBalanceWebhook().isEmpty()) {
      m.put("low_balance", sorted(
          "threshold", money(b.lowBalanceMicros()),
          "webhook", Secrets.maskUrl(b.lowBalanceWebhook())));
    }
    return m;
  }

  /** The tracing section only when tracing is on; collector header values masked. */
  private static Map<String, Object> observe(ObserveConfig o) {
    SortedMap<String, Object> m = sorted("metrics", sorted(
        "enabled", o.metrics().enabled(),
        "path", o.metrics().path(),
        "require_admin_key", o.metrics().requireAdminKey()));
    ObserveConfig.Tracing t = o.tracing();
    if (t.enabled()) {
      SortedMap<String, Object> headers = new TreeMap<>();
      t.headers().forEach((k, v) -> headers.put(k, Secrets.mask(v)));
      SortedMap<String, Object> tracing = sorted(
          "otlp_endpoint", Secrets.maskUrl(t.otlpEndpoint()),
          "service_name", t.serviceName(),
          "sample_ratio", t.sampleRatio());
      if (!headers.isEmpty()) {
        tracing.put("headers", headers);
      }
      m.put("tracing", tracing);
    }
    return m;
  }

  /** Micro-USD as a decimal string with 2 to 6 decimals, e.g. "1.00". */
  private static String money(long micros) {
    java.math.BigDecimal d = java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    return (d.scale() < 2 ? d.setScale(2) : d).toPlainString();
  }

  private static Map<String, Object> price(Price p) {
    return sorted(
        "input_per_mtok", p.inputPerMtok(),
        "cached_input_per_mtok", p.cachedInputPerMtok(),
        "output_per_mtok", p.outputPerMtok());
  }

  /**
   * A sorted map from alternating keys and values. Strings get <code>${</code> escaped as <code>$${</code>
   * so that reading the output back does not interpolate what was literal text.
   */
  private static SortedMap<String, Object> sorted(Object... keysAndValues) {
    SortedMap<String, Object> m = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object value = keysAndValues[i + 1];
      m.put((String) keysAndValues[i], value instanceof String s ? s.replace("${", "$${") : value);
    }
    return m;
  }
}
