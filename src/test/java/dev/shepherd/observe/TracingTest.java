package dev.shepherd.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces exported over OTLP/HTTP to an in-process receiver: a SERVER span per request (the
 * client's {@code traceparent} its parent) with GenAI attributes, a CLIENT span per upstream
 * attempt, and the upstream receiving the {@code traceparent} of its attempt's span.
 */
class TracingTest {
  static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CLIENT_SPAN = "00f067aa0ba902b7";
  static OtlpReceiver collector;
  static FakeUpstream upstream;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    collector = new OtlpReceiver();
    upstream = new FakeUpstream();
    gateway = TestGateway.start("""
        server: {port: 0, event_loops: 2}
        store: {url: "STORE_URL"}
        providers:
          - {name: fake, kind: openai, base_url: "%s", api_key: upstream-secret-key, timeouts: %s}
          - {name: backup, kind: openai, base_url: "%s", api_key: upstream-secret-key, timeouts: %s}
        models:
          - id: test-model
            context_window: 100000
            price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
            deployments: [{provider: fake, model: upstream/real-model}]
          - id: two-model
            context_window: 100000
            price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
            deployments:
              - {provider: fake, model: upstream/first, priority: 1}
              - {provider: backup, model: upstream/second, priority: 2}
        include_builtin_catalog: false
        observe:
          tracing: {otlp_endpoint: "%s", service_name: shepherd-test, sample_ratio: 1}
        """.formatted(upstream.baseUrl(), TestGateway.RELAXED, upstream.baseUrl(), TestGateway.RELAXED,
        collector.endpoint()), null);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    upstream.close();
    collector.close();
  }

  @BeforeEach
  void reset() {
    collector.clear();
    upstream.received().clear();
  }

  static OtlpReceiver.Received only(List<OtlpReceiver.Received> spans, SpanKind kind) {
    List<OtlpReceiver.Received> of = spans.stream().filter(s -> s.span().getKind() == kind).toList();
    assertEquals(1, of.size(), of.toString());
    return of.getFirst();
  }

  @Test
  void requestSpanContinuesTheClientsTraceAndTheUpstreamGetsTheAttemptsContext() throws Exception {
    upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
    String traceparent = "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01";
    assertEquals(200, Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
        "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "traceparent", traceparent, "tracestate", "vendor=abc").statusCode());
    List<OtlpReceiver.Received> spans = collector.await(2);
    assertEquals(2, spans.size(), spans.toString());
    OtlpReceiver.Received server = only(spans, SpanKind.SPAN_KIND_SERVER);
    OtlpReceiver.Received attempt = only(spans, SpanKind.SPAN_KIND_CLIENT);

    assertEquals("shepherd-test", server.service());
    assertEquals("chat test-model", server.span().getName());
    assertEquals(CLIENT_TRACE, server.traceId());
    assertEquals(CLIENT_SPAN, server.parentSpanId());
    assertEquals("chat", server.attr("gen_ai.operation.name"));
    assertEquals("test-model", server.attr("gen_ai.request.model"));
    assertEquals("upstream/real-model", server.attr("gen_ai.response.model"));
    assertEquals("openai", server.attr("gen_ai.provider.name"));
    assertEquals("9", server.attr("gen_ai.usage.input_tokens"));
    assertEquals("3", server.attr("gen_ai.usage.output_tokens"));
    assertEquals("200", server.attr("http.response.status_code"));
    assertEquals("key_test", server.attr("shepherd.key_id"));
    assertNull(server.attr("error.type"));
    assertTrue(server.span().getEndTimeUnixNano() > server.span().getStartTimeUnixNano());

    assertEquals(CLIENT_TRACE, attempt.traceId());
    assertEquals(server.spanId(), attempt.parentSpanId());
    assertEquals("chat upstream/real-model", attempt.span().getName());
    assertEquals("fake/upstream/real-model", attempt.attr("shepherd.deployment"));
    assertEquals("1", attempt.attr("shepherd.attempt"));
    assertEquals("200", attempt.attr("http.response.status_code"));
    assertEquals("127.0.0.1", attempt.attr("server.address"));
    assertTrue(attempt.span().getStartTimeUnixNano() >= server.span().getStartTimeUnixNano());
    assertTrue(attempt.span().getEndTimeUnixNano() <= server.span().getEndTimeUnixNano());

    FakeUpstream.Received sent = upstream.last();
    assertEquals("00-" + CLIENT_TRACE + "-" + attempt.spanId() + "-01", sent.header("traceparent"));
    assertEquals("vendor=abc", sent.header("tracestate"));
  }

  @Test
  void eachAttemptOfAFailoverIsAChildSpanAndCarriesItsOwnContext() throws Exception {
    upstream.respond(req -> {
      boolean first = upstream.last().body().contains("upstream/first");
      req.response().setStatusCode(first ? 503 : 200).putHeader("content-type", "application/json")
          .end(first ? "{\"error\":{\"message\":\"busy\"}}" : Chunks.completion("upstream/second", "ok"));
    });
    assertEquals(200, Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
        "{\"model\":\"two-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode());
    List<OtlpReceiver.Received> spans = collector.await(3);
    OtlpReceiver.Received server = only(spans, SpanKind.SPAN_KIND_SERVER);
    List<OtlpReceiver.Received> attempts = spans.stream().filter(s -> s.span().getKind() == SpanKind.SPAN_KIND_CLIENT)
        .sorted(java.util.Comparator.comparing(s -> s.attr("shepherd.attempt"))).toList();
    assertEquals(2, attempts.size(), spans.toString());
    assertEquals(32, server.traceId().length());
    assertEquals("", server.parentSpanId(), "no traceparent from the client: a new trace");
    for (OtlpReceiver.Received a : attempts) {
      assertEquals(server.traceId(), a.traceId());
      assertEquals(server.spanId(), a.parentSpanId());
    }
    assertEquals("fake/upstream/first", attempts.get(0).attr("shepherd.deployment"));
    assertEquals("503", attempts.get(0).attr("error.type"));
    assertEquals(StatusCode.STATUS_CODE_ERROR, attempts.get(0).span().getStatus().getCode());
    assertEquals("backup/upstream/second", attempts.get(1).attr("shepherd.deployment"));
    assertEquals("2", attempts.get(1).attr("shepherd.attempt"));
    assertNull(attempts.get(1).attr("error.type"));
    assertEquals("upstream/second", server.attr("gen_ai.response.model"));
    assertEquals("2", server.attr("shepherd.attempts"));

    List<FakeUpstream.Received> sent = upstream.received();
    assertEquals(2, sent.size());
    // flags: sampled (01), plus 02 (random trace id, W3C level 2) on a trace the gateway started
    assertTrue(sent.get(0).header("traceparent").matches("00-" + server.traceId() + "-" + attempts.get(0).spanId()
        + "-0[13]"), sent.get(0).header("traceparent"));
    assertTrue(sent.get(1).header("traceparent").matches("00-" + server.traceId() + "-" + attempts.get(1).spanId()
        + "-0[13]"), sent.get(1).header("traceparent"));
    assertNotEquals(sent.get(0).header("traceparent"), sent.get(1).header("traceparent"));
  }

  @Test
  void aRefusedRequestIsOneServerSpanWithItsErrorType() throws Exception {
    assertEquals(404, Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
        "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode());
    List<OtlpReceiver.Received> spans = collector.await(1);
    Thread.sleep(600); // one export cycle: nothing else arrives
    spans = collector.await(1);
    assertEquals(1, spans.size(), spans.toString());
    OtlpReceiver.Received server = spans.getFirst();
    assertEquals("chat", server.span().getName());
    assertEquals("model_not_found", server.attr("error.type"));
    assertEquals("404", server.attr("http.response.status_code"));
    assertEquals("nope", server.attr("gen_ai.request.model"));
    assertEquals(0, upstream.received().size());
  }
}
