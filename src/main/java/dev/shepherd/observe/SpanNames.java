package dev.shepherd.observe;

import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.config.ProviderConfig;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.routing.Deployment;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Span names and attributes, after the OpenTelemetry GenAI and HTTP semantic conventions
 * ({@code gen_ai.*}, {@code http.*}, {@code server.*}, {@code error.type}); Shepherd's own are
 * under {@code shepherd.*}. Used only for recording spans.
 */
final class SpanNames {
  /** Upstream base URL → {host, port}, parsed once. */
  private static final ConcurrentHashMap<String, Object[]> ADDRESSES = new ConcurrentHashMap<>();

  private SpanNames() {}

  /** {@code gen_ai.operation.name}: {@code chat}, {@code text_completion} or {@code embeddings}. */
  static String operation(Exchange ex) {
    return ex.endpoint() == Endpoint.COMPLETIONS ? "text_completion"
        : ex.endpoint() == Endpoint.EMBEDDINGS ? "embeddings" : "chat";
  }

  /** {@code "{operation} {model}"} with the catalog model, or the operation alone when none resolved. */
  static String requestName(Exchange ex) {
    return ex.model() == null ? operation(ex) : operation(ex) + " " + ex.model().id();
  }

  /** {@code gen_ai.provider.name} for a provider kind (the convention's well-known names where they exist). */
  static String providerName(ProviderConfig p) {
    if (p == null) {
      return "unknown";
    }
    return switch (p.kind()) {
      case "gemini" -> "gcp.gemini";
      case "anthropic" -> "anthropic";
      case "openai" -> "openai";
      case "deepseek" -> "deepseek";
      default -> p.kind();
    };
  }

  static void attempt(Span span, Exchange ex, Deployment d, ProviderConfig p, int number) {
    span.setAttribute("gen_ai.operation.name", operation(ex));
    span.setAttribute("gen_ai.request.model", d.upstreamModel());
    span.setAttribute("gen_ai.provider.name", providerName(p));
    span.setAttribute("shepherd.deployment", d.id());
    span.setAttribute("shepherd.attempt", number);
    if (p != null && !p.baseUrl().isEmpty()) {
      Object[] address = ADDRESSES.computeIfAbsent(p.baseUrl(), SpanNames::address);
      if (address.length == 2) {
        span.setAttribute("server.address", (String) address[0]);
        span.setAttribute("server.port", (Integer) address[1]);
      }
    }
  }

  private static Object[] address(String baseUrl) {
    try {
      URI u = URI.create(baseUrl);
      int port = u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
      return u.getHost() == null ? new Object[0] : new Object[] {u.getHost(), port};
    } catch (IllegalArgumentException e) {
      return new Object[0];
    }
  }

  /** How the attempt ended: {@code shepherd.attempt.result}, the upstream status, and error details. */
  static void attemptResult(Span span, String result) {
    span.setAttribute("shepherd.attempt.result", result);
    if (result.length() >= 3 && Character.isDigit(result.charAt(0)) && Character.isDigit(result.charAt(2))) {
      span.setAttribute("http.response.status_code", Integer.parseInt(result.substring(0, 3)));
    }
    String outcome = Labels.attemptOutcome(result);
    if (!outcome.equals("ok")) {
      span.setAttribute("error.type", outcome.equals("error") ? result : outcome);
      span.setStatus(StatusCode.ERROR);
    }
  }

  static void request(Span span, Exchange ex, ProviderConfig p) {
    span.setAttribute("gen_ai.operation.name", operation(ex));
    if (ex.parsed() != null) {
      span.setAttribute("gen_ai.request.model", ex.parsed().model());
    }
    if (ex.deployment() != null) {
      span.setAttribute("gen_ai.response.model", ex.deployment().upstreamModel());
      span.setAttribute("gen_ai.provider.name", providerName(p));
      span.setAttribute("shepherd.deployment", ex.deployment().id());
    }
    Usage u = ex.usage();
    if (u.reported()) {
      span.setAttribute("gen_ai.usage.input_tokens", u.promptTokens());
      span.setAttribute("gen_ai.usage.output_tokens", Math.max(0, u.completionTokens()));
    }
    span.setAttribute("http.request.method", ex.request().method().name());
    span.setAttribute("url.path", ex.request().path());
    String host = ex.request().authority() == null ? null : ex.request().authority().host();
    if (host != null) {
      span.setAttribute("server.address", host);
    }
    int status = Labels.status(ex);
    span.setAttribute("http.response.status_code", status);
    span.setAttribute("shepherd.request_id", ex.requestId());
    span.setAttribute("shepherd.outcome", Labels.outcome(ex.outcome()));
    if (ex.key() != null) {
      span.setAttribute("shepherd.key_id", ex.key().id());
      if (ex.key().accountId() != null) {
        span.setAttribute("shepherd.account_id", ex.key().accountId());
      }
    }
    if (ex.plan() != null) {
      span.setAttribute("shepherd.attempts", ex.plan().attemptCount());
    }
    String errorClass = Labels.errorClass(ex);
    if (!errorClass.equals(Labels.NONE)) {
      span.setAttribute("error.type", errorClass);
    }
    if (status >= 500 || ex.outcome() == Exchange.Outcome.INCOMPLETE) {
      span.setStatus(StatusCode.ERROR);
    }
  }
}
