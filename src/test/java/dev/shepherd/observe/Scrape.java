package dev.shepherd.observe;

import dev.shepherd.testing.Http;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of a gateway's {@code /metrics}, parsed: every sample line {@code name{labels} value}
 * by its series text. {@link #value} finds the one sample of a name whose labels include the given
 * ones (0 when none: a series that was never recorded).
 */
final class Scrape {
  final String text;
  private final List<Map.Entry<String, Double>> samples = new ArrayList<>();

  Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.add(Map.entry(line.substring(0, space), Double.parseDouble(line.substring(space + 1))));
    }
  }

  static Scrape of(String gatewayRoot) throws Exception {
    HttpResponse<String> r = Http.get(gatewayRoot + "/metrics", null);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET /metrics: " + r.statusCode() + " " + r.body());
    }
    return new Scrape(r.body());
  }

  /** Labels as alternating names and values. */
  double value(String name, String... labels) {
    Map<String, String> want = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      want.put(labels[i], labels[i + 1]);
    }
    Double found = null;
    for (Map.Entry<String, Double> s : samples) {
      String series = s.getKey();
      int brace = series.indexOf('{');
      String n = brace < 0 ? series : series.substring(0, brace);
      if (!n.equals(name) || !matches(brace < 0 ? "" : series.substring(brace + 1, series.length() - 1), want)) {
        continue;
      }
      if (found != null) {
        throw new AssertionError("more than one series of " + name + " with " + want + ":\n" + text);
      }
      found = s.getValue();
    }
    return found == null ? 0 : found;
  }

  private static boolean matches(String labels, Map<String, String> want) {
    for (Map.Entry<String, String> w : want.entrySet()) {
      if (!labels.contains(w.getKey() + "=\"" + w.getValue() + "\"")) {
        return false;
      }
    }
    return true;
  }
}
