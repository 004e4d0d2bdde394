package dev.shepherd.observe.slo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A breach of an objective or its recovery, as posted to {@code slo.webhook}:
 * {@code {"type":"slo.breach"|"slo.recovered","model","metric","value","threshold","window","at"}}.
 *
 * @param breach true for {@code slo.breach}, false for {@code slo.recovered}
 * @param value the measured value (milliseconds, or the error rate as a fraction)
 */
public record SloEvent(boolean breach, String model, String metric, double value, double threshold, String window,
    Instant at) {

  public String type() {
    return breach ? "slo.breach" : "slo.recovered";
  }

  /** The webhook body. */
  public ObjectNode json() {
    return JsonNodeFactory.instance.objectNode().put("type", type()).put("model", model).put("metric", metric)
        .put("value", round(value)).put("threshold", threshold).put("window", window).put("at", at.toString());
  }

  /** Six significant decimals are plenty for milliseconds and rates. */
  static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
  }
}
