package dev.shepherd.observe;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An in-process OpenTelemetry collector for tests: accepts OTLP/HTTP protobuf on
 * {@code POST /v1/traces} and keeps every span it receives, with its resource's attributes.
 */
final class OtlpReceiver implements AutoCloseable {
  /** A received span and the {@code service.name} of its resource. */
  record Received(Span span, String service) {
    String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    String parentSpanId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }

    /** An attribute's value as text (strings, integers, booleans), or {@code null}. */
    String attr(String key) {
      for (KeyValue kv : span.getAttributesList()) {
        if (kv.getKey().equals(key)) {
          var v = kv.getValue();
          return v.hasStringValue() ? v.getStringValue() : v.hasIntValue() ? Long.toString(v.getIntValue())
              : v.hasBoolValue() ? Boolean.toString(v.getBoolValue()) : v.toString();
        }
      }
      return null;
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Received> spans = new CopyOnWriteArrayList<>();

  OtlpReceiver() throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      if (!req.path().equals("/v1/traces")) {
        req.response().setStatusCode(404).end();
        return;
      }
      try {
        ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
        for (ResourceSpans rs : export.getResourceSpansList()) {
          String service = rs.getResource().getAttributesList().stream()
              .filter(kv -> kv.getKey().equals("service.name")).map(kv -> kv.getValue().getStringValue())
              .findFirst().orElse(null);
          for (ScopeSpans ss : rs.getScopeSpansList()) {
            ss.getSpansList().forEach(s -> spans.add(new Received(s, service)));
          }
        }
        req.response().putHeader("content-type", "application/x-protobuf")
            .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
      } catch (Exception e) {
        req.response().setStatusCode(400).end();
      }
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Waits up to 10 s until at least {@code n} spans arrived; returns all received. */
  List<Received> await(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (spans.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return List.copyOf(spans);
  }

  void clear() {
    spans.clear();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
