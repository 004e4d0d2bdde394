package dev.shepherd.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validates and converts the optional {@code slo} section: each objective names a model (or
 * {@code *}), a known metric, a positive threshold (the error rate in (0, 1]) and a window; the
 * webhook is empty or an absolute http(s) URL (masked in messages). Every bad value is recorded in
 * the shared {@link ConfigConverter.Problems} under its full key path, e.g.
 * {@code slo.objectives[1].metric}.
 */
final class SloConverter {
  static final long DEFAULT_MIN_REQUESTS = 10;

  private SloConverter() {}

  static SloConfig convert(ConfigConverter.Problems problems, Raw.Slo raw) {
    SloConfig d = SloConfig.NONE;
    if (raw == null) {
      return d;
    }
    List<SloConfig.Objective> objectives = new ArrayList<>();
    List<Raw.SloObjective> list = ConfigConverter.nonNull(raw.objectives());
    for (int i = 0; i < list.size(); i++) {
      String path = "slo.objectives[" + i + "]";
      Raw.SloObjective o = list.get(i);
      if (o == null) {
        problems.note(path, "an empty entry", "a mapping with model, metric, threshold and window");
        continue;
      }
      SloConfig.Objective objective = objective(problems, path, o);
      if (objective != null) {
        objectives.add(objective);
      }
    }
    String webhook = webhook(problems, raw.webhook());
    int every = (int) problems.range("slo.check_every_seconds", raw.checkEverySeconds(), d.checkEverySeconds(),
        5, 86_400);
    return new SloConfig(objectives, webhook, every);
  }

  private static SloConfig.Objective objective(ConfigConverter.Problems problems, String path, Raw.SloObjective o) {
    String model = o.model() == null ? "*" : o.model();
    boolean ok = true;
    if (!ConfigConverter.isToken(model)) {
      problems.add(path + ".model", o.model(), "a model id, or \"*\" for every model");
      ok = false;
    }
    SloMetric metric = SloMetric.parse(o.metric());
    if (metric == null) {
      problems.add(path + ".metric", o.metric(), "one of " + SloMetric.names());
      ok = false;
    }
    BigDecimal threshold = o.threshold();
    if (threshold == null || threshold.signum() <= 0) {
      problems.add(path + ".threshold", threshold, metric == SloMetric.ERROR_RATE
          ? "an error rate in (0, 1], e.g. 0.01 for 1%" : "a number > 0 (milliseconds for latency metrics)");
      ok = false;
    } else if (metric == SloMetric.ERROR_RATE && threshold.compareTo(BigDecimal.ONE) > 0) {
      problems.add(path + ".threshold", threshold, "an error rate in (0, 1], e.g. 0.01 for 1%");
      ok = false;
    }
    SloWindow window = o.window() == null ? SloWindow.H1 : SloWindow.parse(o.window());
    if (window == null) {
      problems.add(path + ".window", o.window(), SloWindow.names());
      ok = false;
    }
    long min = problems.range(path + ".min_requests", o.minRequests(), DEFAULT_MIN_REQUESTS, 1, Long.MAX_VALUE);
    return ok ? new SloConfig.Objective(model, metric, threshold.doubleValue(), window, min) : null;
  }

  /** Empty, or an absolute http(s) URL (shown masked in messages: its query may hold a token). */
  private static String webhook(ConfigConverter.Problems problems, String url) {
    if (url == null || url.isEmpty()) {
      return "";
    }
    String expected = "an http:// or https:// URL, or empty for no webhook";
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        problems.add("slo.webhook", Secrets.maskUrl(url), expected);
      }
    } catch (URISyntaxException e) {
      problems.add("slo.webhook", Secrets.maskUrl(url), expected);
    }
    return url;
  }

  /** The effective section, sorted, for {@link EffectiveConfigPrinter} (the webhook masked). */
  static Map<String, Object> print(SloConfig c) {
    Map<String, Object> m = new TreeMap<>();
    m.put("check_every_seconds", c.checkEverySeconds());
    m.put("webhook", Secrets.maskUrl(c.webhook()));
    List<Map<String, Object>> objectives = new ArrayList<>();
    for (SloConfig.Objective o : c.objectives()) {
      Map<String, Object> om = new TreeMap<>();
      om.put("model", o.model());
      om.put("metric", o.metric().id());
      om.put("threshold", BigDecimal.valueOf(o.threshold()).stripTrailingZeros());
      om.put("window", o.window().id());
      om.put("min_requests", o.minRequests());
      objectives.add(om);
    }
    m.put("objectives", objectives);
    return m;
  }
}
