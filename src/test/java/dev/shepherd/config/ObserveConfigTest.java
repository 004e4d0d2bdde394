package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code observe} section: defaults, values, path-precise problems, printing with secrets masked. */
class ObserveConfigTest {

  @Test
  void absentIsMetricsOnAtSlashMetricsAndTracingOff() {
    assertSame(ObserveConfig.DEFAULT, Yaml.load("").observe());
    ObserveConfig o = Yaml.load("observe: {metrics: {}, tracing: {}}").observe();
    assertEquals(ObserveConfig.DEFAULT, o);
    assertTrue(o.metrics().enabled());
    assertEquals("/metrics", o.metrics().path());
    assertFalse(o.metrics().requireAdminKey());
    assertFalse(o.tracing().enabled());
  }

  @Test
  void everyKey() {
    ObserveConfig o = Yaml.load("""
        observe:
          metrics: {enabled: false, path: /internal/prom, require_admin_key: true}
          tracing:
            otlp_endpoint: "https://collector.example:4318/custom/traces"
            service_name: gw-eu
            sample_ratio: 0.25
            headers: {x-api-key: abc}
        """).observe();
    assertEquals(new ObserveConfig.Metrics(false, "/internal/prom", true), o.metrics());
    assertEquals(new ObserveConfig.Tracing("https://collector.example:4318/custom/traces", "gw-eu", 0.25,
        Map.of("x-api-key", "abc")), o.tracing());
  }

  @Test
  void anEndpointWithoutPathGetsTheOtlpTracesPath() {
    assertEquals("http://127.0.0.1:4318/v1/traces",
        Yaml.load("observe: {tracing: {otlp_endpoint: \"http://127.0.0.1:4318\"}}").observe().tracing().otlpEndpoint());
    assertEquals("http://otel:4318/v1/traces",
        Yaml.load("observe: {tracing: {otlp_endpoint: \"http://otel:4318/\"}}").observe().tracing().otlpEndpoint());
    assertFalse(Yaml.load("observe: {tracing: {otlp_endpoint: \"\"}}").observe().tracing().enabled());
  }

  @Test
  void problemsNameTheirKey() {
    String e = Yaml.error("""
        observe:
          metrics: {path: /v1/metrics}
          tracing: {otlp_endpoint: "grpc://u:secret@collector:4317", sample_ratio: 1.5, service_name: "my service"}
        """);
    assertTrue(e.contains("observe.metrics.path: \"/v1/metrics\" (expected: a path such as /metrics"), e);
    assertTrue(e.contains("observe.tracing.otlp_endpoint: \"grpc://u:****@collector:4317\" (expected: an http://"), e);
    assertFalse(e.contains("secret"), e);
    assertTrue(e.contains("observe.tracing.sample_ratio: 1.5 (expected: a number in [0, 1])"), e);
    assertTrue(e.contains("observe.tracing.service_name: \"my service\""), e);
    assertTrue(Yaml.error("observe: {metrics: {path: /healthz}}").contains("observe.metrics.path"));
    assertTrue(Yaml.error("observe: {metrics: {path: metrics}}").contains("observe.metrics.path"));
    assertTrue(Yaml.error("observe: {metrics: {paths: /m}}").contains("observe.metrics.paths: unknown key"));
  }

  @Test
  void printedWithCollectorHeadersMasked() {
    String out = EffectiveConfigPrinter.print(Yaml.load("""
        observe:
          tracing: {otlp_endpoint: "http://otel:4318", headers: {authorization: "Bearer s3cret"}}
        """));
    assertTrue(out.contains("otlp_endpoint: \"http://otel:4318/v1/traces\""), out);
    assertTrue(out.contains("authorization: \"****\""), out);
    assertFalse(out.contains("s3cret"), out);
    assertTrue(out.contains("path: \"/metrics\""), out);
    assertEquals(Yaml.load("observe: {tracing: {otlp_endpoint: \"http://otel:4318\", headers: {authorization: x}}}")
        .observe().metrics(), Yaml.load(out.replace("\"****\"", "x")).observe().metrics());
    assertFalse(EffectiveConfigPrinter.print(Yaml.load("")).contains("tracing:"));
  }
}
