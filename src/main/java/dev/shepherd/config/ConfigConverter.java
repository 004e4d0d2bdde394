package dev.shepherd.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a {@link Raw.Config} and converts it to an immutable {@link ShepherdConfig}, applying
 * defaults. Every problem found is collected; if there is any, one {@link ConfigException} lists
 * them all, each as {@code key.path: value (expected: ...)}. Secrets never appear in messages.
 */
final class ConfigConverter {
  static final String DEFAULT_HOST = "127.0.0.1";
  static final int DEFAULT_PORT = 8080;
  static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;
  static final String DEFAULT_OWNED_BY = "shepherd";
  static final int DEFAULT_WEIGHT = 100;
  /** The largest price, USD per million tokens: keeps cost arithmetic exact (see billing.Cost). */
  static final BigDecimal MAX_PRICE = BigDecimal.valueOf(10_000);

  private final Problems problems = new Problems();
  private final Path dataDir;

  private ConfigConverter(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** Validates {@code raw}; relative defaults (the SQLite file) live under {@code dataDir}. */
  static ShepherdConfig convert(Raw.Config raw, Path dataDir) {
    ConfigConverter c = new ConfigConverter(dataDir);
    ServerConfig server = c.server(raw.server());
    StoreConfig store = c.store(raw.store());
    List<ProviderConfig> providers = c.providers(nonNull(raw.providers()));
    List<ModelConfig> models = new ModelConverter(c.problems, providers).models(nonNull(raw.models()));
    RoutingConfig routing = RoutingConverter.convert(c.problems, raw.routing());
    LimitsConfig limits = LimitsConverter.convert(c.problems, raw.limits());
    java.util.Map<String, String> tokenizers = TokenizerConverter.files(c.problems, raw.tokenizers());
    BillingConfig billing = BillingConverter.convert(c.problems, raw.billing());
    ObserveConfig observe = ObserveConverter.convert(c.problems, raw.observe());
    RequestLogConfig requestLog = RequestLogConverter.convert(c.problems, raw.observe());
    SloConfig slo = SloConverter.convert(c.problems, raw.slo());
    c.problems.throwIfAny();
    return new ShepherdConfig(server, store, providers, models, routing, limits, tokenizers, billing, observe, requestLog,
        slo);
  }

  private ServerConfig server(Raw.Server s) {
    if (s == null) {
      s = new Raw.Server(null, null, null, null);
    }
    String host = s.host() == null ? DEFAULT_HOST : s.host();
    if (host.isBlank()) {
      problems.add("server.host", host, "an address to bind, e.g. 127.0.0.1 or 0.0.0.0");
    }
    int port = (int) problems.range("server.port", s.port(), DEFAULT_PORT, 0, 65535);
    long maxBody = problems.range("server.max_body_bytes", s.maxBodyBytes(), DEFAULT_MAX_BODY_BYTES, 1, Long.MAX_VALUE);
    int cores = Runtime.getRuntime().availableProcessors();
    int loops = (int) problems.range("server.event_loops", s.eventLoops(), cores, 1, 1024);
    return new ServerConfig(host, port, maxBody, loops);
  }

  private StoreConfig store(Raw.Store s) {
    if (s == null) {
      s = new Raw.Store(null, null, null);
    }
    String url = s.url() == null ? "jdbc:sqlite:" + dataDir.resolve("shepherd.db") : s.url();
    boolean sqlite = url.startsWith("jdbc:sqlite:") && url.length() > "jdbc:sqlite:".length();
    boolean postgres = url.startsWith("jdbc:postgresql:");
    if (!sqlite && !postgres) {
      problems.add("store.url", Secrets.maskUrl(url), "jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE");
    }
    return new StoreConfig(url, orEmpty(s.username()), orEmpty(s.password()));
  }

  private List<ProviderConfig> providers(List<Raw.Provider> raws) {
    List<ProviderConfig> out = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (int i = 0; i < raws.size(); i++) {
      String path = "providers[" + i + "]";
      Raw.Provider p = raws.get(i);
      if (p == null) {
        problems.note(path, "an empty entry", "a mapping with at least name and kind");
        continue;
      }
      String name = p.name() == null ? "" : p.name();
      if (!isToken(name)) {
        problems.add(path + ".name", p.name(), "a non-empty name without whitespace");
      } else if (seen.containsKey(name)) {
        problems.add(path + ".name", name, "a unique name; " + seen.get(name) + " has it already");
      } else {
        seen.put(name, path);
      }
      ProviderKind kind = ProviderKind.of(p.kind());
      if (kind == null) {
        problems.add(path + ".kind", p.kind(), "one of " + ProviderKind.names());
      }
      String url = p.baseUrl() == null && kind != null ? kind.defaultBaseUrl : orEmpty(p.baseUrl());
      String baseUrl = baseUrl(path + ".base_url", url, kind);
      Timeouts timeouts = timeouts(path + ".timeouts", p.timeouts());
      SimulatorSettings sim = null;
      if (kind == ProviderKind.SIMULATOR) {
        sim = simulator(path + ".simulator", p.simulator());
      } else if (p.simulator() != null) {
        problems.note(path + ".simulator", "a simulator block", "only on providers of kind simulator");
      }
      boolean noAuth = p.noAuth() != null && p.noAuth();
      String version = "";
      long maxTokens = 0;
      if (kind == ProviderKind.ANTHROPIC) {
        version = anthropicVersion(path + ".anthropic_version", p.anthropicVersion());
        maxTokens = problems.range(path + ".default_max_tokens", p.defaultMaxTokens(),
            ProviderConfig.DEFAULT_MAX_TOKENS, 1, Integer.MAX_VALUE);
      } else {
        onlyOnAnthropic(path + ".anthropic_version", p.anthropicVersion());
        onlyOnAnthropic(path + ".default_max_tokens", p.defaultMaxTokens());
      }
      out.add(new ProviderConfig(name, p.kind(), baseUrl, orEmpty(p.apiKey()), noAuth, timeouts, sim,
          version, maxTokens));
    }
    return out;
  }

  /** A date-shaped version such as 2023-06-01 (any such date: newer API versions need no release). */
  private String anthropicVersion(String path, String value) {
    if (value == null) {
      return ProviderConfig.DEFAULT_ANTHROPIC_VERSION;
    }
    if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) {
      problems.add(path, value, "an Anthropic API version date such as " + ProviderConfig.DEFAULT_ANTHROPIC_VERSION);
    }
    return value;
  }

  private void onlyOnAnthropic(String path, Object value) {
    if (value != null) {
      problems.add(path, value, "only on providers of kind anthropic");
    }
  }

  /** Empty, or an absolute http(s) URL without query or fragment; a trailing slash is dropped. */
  private String baseUrl(String path, String url, ProviderKind kind) {
    if (url.isEmpty() || kind == null) {
      return url;
    }
    if (!kind.remote) {
      problems.add(path, Secrets.maskUrl(url), "empty for kind " + kind.yamlName);
      return url;
    }
    String expected = "an http:// or https:// URL such as http://127.0.0.1:8000/v1, or empty if not configured";
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        problems.add(path, Secrets.maskUrl(url), expected);
      }
    } catch (URISyntaxException e) {
      problems.add(path, Secrets.maskUrl(url), expected);
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private Timeouts timeouts(String path, Raw.Timeouts t) {
    Timeouts d = Timeouts.DEFAULT;
    if (t == null) {
      return d;
    }
    String positive = "a positive number of milliseconds";
    return new Timeouts(
        problems.positive(path + ".connect_ms", t.connectMs(), d.connectMs(), positive),
        problems.positive(path + ".first_byte_ms", t.firstByteMs(), d.firstByteMs(), positive),
        problems.positive(path + ".idle_ms", t.idleMs(), d.idleMs(), positive),
        problems.positive(path + ".total_ms", t.totalMs(), d.totalMs(), positive));
  }

  private SimulatorSettings simulator(String path, Raw.Simulator s) {
    SimulatorSettings d = SimulatorSettings.DEFAULT;
    if (s == null) {
      return d;
    }
    Problems p = problems;
    long ttft = p.range(path + ".ttft_ms", s.ttftMs(), d.ttftMs(), 0, Long.MAX_VALUE);
    double tps = s.tokensPerSecond() == null ? d.tokensPerSecond() : s.tokensPerSecond();
    if (!(tps >= 0) || Double.isInfinite(tps)) {
      p.add(path + ".tokens_per_second", s.tokensPerSecond(), "a number >= 0; 0 means no pacing");
    }
    return new SimulatorSettings(
        ttft,
        tps,
        (int) p.range(path + ".output_tokens", s.outputTokens(), d.outputTokens(), 0, Integer.MAX_VALUE),
        p.rate(path + ".error_rate", s.errorRate(), d.errorRate()),
        (int) p.range(path + ".error_status", s.errorStatus(), d.errorStatus(), 400, 599),
        p.rate(path + ".rate_limit_rate", s.rateLimitRate(), d.rateLimitRate()),
        (int) p.range(path + ".retry_after_s", s.retryAfterS(), d.retryAfterSeconds(), 0, Integer.MAX_VALUE),
        p.rate(path + ".stall_rate", s.stallRate(), d.stallRate()),
        p.rate(path + ".drop_rate", s.dropRate(), d.dropRate()),
        (int) p.range(path + ".embedding_dimensions", s.embeddingDimensions(), d.embeddingDimensions(), 1, 65536));
  }

  /** Non-empty and free of whitespace: names and ids that appear in URLs, logs and references. */
  static boolean isToken(String s) {
    return s != null && !s.isEmpty() && s.chars().noneMatch(Character::isWhitespace);
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** Collected problems and the small range checks that add them. */
  static final class Problems {
    private final List<String> all = new ArrayList<>();

    void add(String path, Object value, String expected) {
      all.add(path + ": " + render(value) + " (expected: " + expected + ")");
    }

    /** Like {@link #add} with a description instead of a value, e.g. "an empty entry". */
    void note(String path, String description, String expected) {
      all.add(path + ": " + description + " (expected: " + expected + ")");
    }

    void throwIfAny() {
      if (!all.isEmpty()) {
        throw new ConfigException(all);
      }
    }

    /** {@code value} (or {@code dflt} when absent) if within [min, max]; else records a problem. */
    long range(String path, Number value, long dflt, long min, long max) {
      long v = value == null ? dflt : value.longValue();
      if (v < min || v > max) {
        String expected = max >= Integer.MAX_VALUE ? "an integer >= " + min : min + ".." + max;
        add(path, value, expected);
      }
      return v;
    }

    long positive(String path, Long value, long dflt, String expected) {
      long v = value == null ? dflt : value;
      if (v <= 0) {
        add(path, value, expected);
      }
      return v;
    }

    double rate(String path, Double value, double dflt) {
      double v = value == null ? dflt : value;
      if (!(v >= 0 && v <= 1)) {
        add(path, value, "a probability in [0, 1]");
      }
      return v;
    }

    /** A ratio in [0, 1], or in (0, 1] when {@code zeroAllowed} is false. */
    double fraction(String path, Double value, double dflt, boolean zeroAllowed) {
      double v = value == null ? dflt : value;
      if (!((zeroAllowed ? v >= 0 : v > 0) && v <= 1)) {
        add(path, value, zeroAllowed ? "a number in [0, 1]" : "a number in (0, 1]");
      }
      return v;
    }

    BigDecimal money(String path, BigDecimal value, BigDecimal dflt) {
      BigDecimal v = value == null ? dflt : value;
      if (v == null || v.signum() < 0) {
        add(path, value, "a price >= 0 in USD per million tokens");
      } else if (v.stripTrailingZeros().scale() > 6) {
        add(path, value, "a price with at most 6 decimals");
      } else if (v.compareTo(MAX_PRICE) > 0) {
        add(path, value, "a price of at most " + MAX_PRICE + " USD per million tokens");
      }
      return v;
    }

    static String render(Object value) {
      if (value == null) {
        return "missing";
      }
      if (value instanceof String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      }
      if (value instanceof BigDecimal d) {
        return d.toPlainString();
      }
      if (value instanceof Double d && Double.isFinite(d)) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
      }
      return String.valueOf(value);
    }
  }
}
