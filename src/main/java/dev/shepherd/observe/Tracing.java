package dev.shepherd.observe;

import dev.shepherd.config.ObserveConfig;
import dev.shepherd.config.ProviderConfig;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.ExchangeListener;
import dev.shepherd.routing.Deployment;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry traces, exported over OTLP/HTTP in batches (the SDK's worker thread and the JDK's
 * HttpClient: the event loop only creates and ends spans). Registered only when
 * {@code observe.tracing.otlp_endpoint} is set; otherwise no span object is ever made.
 *
 * <p>Per exchange: one {@code SERVER} span named {@code "{operation} {model}"} (GenAI conventions:
 * {@code chat gpt-4o}), its parent the client's {@code traceparent} when it sent one, and one
 * {@code CLIENT} child per upstream attempt, whose context is the {@code traceparent} the upstream
 * receives. The server span is created at the first attempt (or at the end, for requests refused
 * before one) with the exchange's start time, so a refused request costs one span, built at its
 * end. Sampling: parent-based, new traces by {@code sample_ratio}.
 */
public final class Tracing implements ExchangeListener, AutoCloseable {
  private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(HttpServerRequest carrier) {
      return carrier.headers().names();
    }

    @Override
    public String get(HttpServerRequest carrier, String key) {
      return carrier == null ? null : carrier.getHeader(key);
    }
  };
  private final SdkTracerProvider provider;
  private final Tracer tracer;

  /** The spans of one exchange (its {@link Exchange#traceState()}). */
  private static final class Spans {
    Span server;
    Span attempt;
  }

  private Tracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider.get("dev.shepherd");
  }

  /** A tracer exporting to {@code config.otlpEndpoint()}. */
  public static Tracing start(ObserveConfig.Tracing config) {
    OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(config.otlpEndpoint()).setTimeout(Duration.ofSeconds(10));
    config.headers().forEach(exporter::addHeader);
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName()))))
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.sampleRatio())))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).setScheduleDelay(Duration.ofMillis(500))
            .setMaxQueueSize(8192).build())
        .build();
    return new Tracing(provider);
  }

  @Override
  public void onAttemptStart(Exchange ex, Deployment d, int number) {
    Spans spans = spans(ex);
    Span attempt = tracer.spanBuilder(SpanNames.operation(ex) + " " + d.upstreamModel()).setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(spans.server)).startSpan();
    spans.attempt = attempt;
    if (attempt.isRecording()) {
      SpanNames.attempt(attempt, ex, d, provider(ex, d), number);
    }
    String[] header = new String[2];
    W3CTraceContextPropagator.getInstance().inject(Context.root().with(attempt), header,
        (carrier, key, value) -> carrier["traceparent".equals(key) ? 0 : 1] = value);
    ex.upstreamTrace(header[0], header[1]);
  }

  @Override
  public void onAttemptEnd(Exchange ex, Deployment d, int number, String result, long nanos) {
    if (!(ex.traceState() instanceof Spans spans) || spans.attempt == null) {
      return;
    }
    Span attempt = spans.attempt;
    spans.attempt = null;
    if (attempt.isRecording()) {
      SpanNames.attemptResult(attempt, result);
    }
    attempt.end();
  }

  @Override
  public void onEnd(Exchange ex) {
    Spans spans = spans(ex);
    if (spans.attempt != null) { // not ended by its attempt (a bug elsewhere): still export it
      spans.attempt.end();
    }
    Span server = spans.server;
    if (server.isRecording()) {
      SpanNames.request(server, ex, ex.deployment() == null ? null : provider(ex, ex.deployment()));
    }
    server.end();
  }

  /** The exchange's spans, its server span started (at the exchange's start) on first use. */
  private Spans spans(Exchange ex) {
    if (ex.traceState() instanceof Spans s) {
      return s;
    }
    Spans s = new Spans();
    Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), ex.request(), HEADERS);
    long epochNanos = epochNanos() - (System.nanoTime() - ex.startNanos());
    s.server = tracer.spanBuilder(SpanNames.requestName(ex)).setSpanKind(SpanKind.SERVER).setParent(parent)
        .setStartTimestamp(epochNanos, TimeUnit.NANOSECONDS).startSpan();
    ex.traceState(s);
    return s;
  }

  private static long epochNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static ProviderConfig provider(Exchange ex, Deployment d) {
    return ex.generation().config().provider(d.provider());
  }

  /** Exports every ended span now (tests, shutdown). */
  public void flush() {
    provider.forceFlush().join(10, TimeUnit.SECONDS);
  }

  /** Exports what is queued and stops (waits up to 10 s for the collector). */
  @Override
  public void close() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
