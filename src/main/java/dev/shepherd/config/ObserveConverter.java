package dev.shepherd.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Validates and converts the optional {@code observe} section. Absent keys take their value from
 * {@link ObserveConfig#DEFAULT}; every bad value is recorded in the shared
 * {@link ConfigConverter.Problems} under its full key path (URLs with their secrets masked).
 */
final class ObserveConverter {
  /** Paths the gateway serves itself; the metrics path may not shadow them. */
  private static final Set<String> RESERVED = Set.of("/healthz", "/readyz");

  private ObserveConverter() {}

  static ObserveConfig convert(ConfigConverter.Problems problems, Raw.Observe raw) {
    if (raw == null) {
      return ObserveConfig.DEFAULT;
    }
    return new ObserveConfig(metrics(problems, raw.metrics()), tracing(problems, raw.tracing()));
  }

  private static ObserveConfig.Metrics metrics(ConfigConverter.Problems problems, Raw.ObserveMetrics raw) {
    ObserveConfig.Metrics d = ObserveConfig.Metrics.DEFAULT;
    if (raw == null) {
      return d;
    }
    boolean enabled = raw.enabled() == null ? d.enabled() : raw.enabled();
    String path = raw.path() == null ? d.path() : raw.path();
    if (!path.matches("/[A-Za-z0-9._~/-]*") || path.startsWith("/v1/") || path.equals("/v1")
        || path.startsWith("/admin/") || RESERVED.contains(path) || path.contains("//")) {
      problems.add("observe.metrics.path", raw.path(),
          "a path such as /metrics: letters, digits, '.', '_', '-', '/', outside /v1, /admin, /healthz and /readyz");
    }
    boolean admin = raw.requireAdminKey() == null ? d.requireAdminKey() : raw.requireAdminKey();
    return new ObserveConfig.Metrics(enabled, path, admin);
  }

  private static ObserveConfig.Tracing tracing(ConfigConverter.Problems problems, Raw.ObserveTracing raw) {
    ObserveConfig.Tracing d = ObserveConfig.Tracing.OFF;
    if (raw == null) {
      return d;
    }
    String endpoint = endpoint(problems, raw.otlpEndpoint());
    String service = raw.serviceName() == null ? d.serviceName() : raw.serviceName();
    if (!ConfigConverter.isToken(service)) {
      problems.add("observe.tracing.service_name", raw.serviceName(), "a non-empty name without whitespace");
    }
    double ratio = problems.fraction("observe.tracing.sample_ratio", raw.sampleRatio(), d.sampleRatio(), true);
    Map<String, String> headers = new LinkedHashMap<>();
    if (raw.headers() != null) {
      raw.headers().forEach((name, value) -> {
        if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
          problems.add("observe.tracing.headers", name, "HTTP header names (letters, digits, '-')");
        } else if (value == null) {
          problems.add("observe.tracing.headers." + name, null, "a string value");
        } else {
          headers.put(name, value);
        }
      });
    }
    return new ObserveConfig.Tracing(endpoint, service, ratio, headers);
  }

  /**
   * Empty (off), or an http(s) URL. A URL without a path gets the OTLP/HTTP traces path
   * {@code /v1/traces} (as {@code OTEL_EXPORTER_OTLP_ENDPOINT} does); one with a path is used as is.
   */
  private static String endpoint(ConfigConverter.Problems problems, String url) {
    if (url == null || url.isEmpty()) {
      return "";
    }
    String expected = "an http:// or https:// URL of an OTLP/HTTP collector such as http://127.0.0.1:4318, "
        + "or empty for no tracing";
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null || uri.getRawFragment() != null) {
        problems.add("observe.tracing.otlp_endpoint", Secrets.maskUrl(url), expected);
        return "";
      }
      String path = uri.getRawPath();
      if (path == null || path.isEmpty() || path.equals("/")) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return base + "/v1/traces";
      }
      return url;
    } catch (URISyntaxException e) {
      problems.add("observe.tracing.otlp_endpoint", Secrets.maskUrl(url), expected);
      return "";
    }
  }
}
