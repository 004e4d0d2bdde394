package dev.shepherd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates and converts one model's {@code deployments} list: each names a known provider, has
 * weight and priority ≥ 0, a context window no larger than the model's, known endpoints listed
 * once, and a shadow percentage only when it is a shadow; and the model keeps at least one
 * non-shadow deployment with weight &gt; 0.
 */
final class DeploymentConverter {
  /** The share of a model's requests copied to a shadow deployment that names none. */
  static final int DEFAULT_SHADOW_PERCENT = 100;

  private static final String ENDPOINT_NAMES = String.join(", ", new TreeSet<>(DeploymentConfig.ENDPOINTS));

  private final ConfigConverter.Problems problems;
  private final Set<String> providerNames;

  DeploymentConverter(ConfigConverter.Problems problems, Set<String> providerNames) {
    this.problems = problems;
    this.providerNames = providerNames;
  }

  /** The deployments of the model at {@code modelPath}; {@code modelContext} ≤ 0 if it is invalid. */
  List<DeploymentConfig> convert(String modelPath, String id, int modelContext, List<Raw.Deployment> raws) {
    String path = modelPath + ".deployments";
    if (raws == null || raws.isEmpty()) {
      problems.note(path, raws == null ? "missing" : "an empty list",
          "at least one deployment: {provider: NAME, model: UPSTREAM_MODEL}");
      return List.of();
    }
    List<DeploymentConfig> out = new ArrayList<>();
    boolean anyServing = false;
    boolean anyWeight = false;
    for (int i = 0; i < raws.size(); i++) {
      String dpath = path + "[" + i + "]";
      Raw.Deployment d = raws.get(i);
      if (d == null) {
        problems.note(dpath, "an empty entry", "a mapping with at least provider");
        continue;
      }
      DeploymentConfig c = deployment(dpath, id, modelContext, d);
      if (!c.shadow()) {
        anyServing = true;
        anyWeight |= c.weight() != 0; // a negative weight is reported already; don't report it twice
      }
      out.add(c);
    }
    String expected = "at least one non-shadow deployment with weight > 0";
    if (!out.isEmpty() && !anyServing) {
      problems.note(path, "every deployment is a shadow", expected);
    } else if (!out.isEmpty() && !anyWeight) {
      boolean anyShadow = out.stream().anyMatch(DeploymentConfig::shadow);
      problems.note(path, anyShadow ? "every non-shadow weight is 0" : "every weight is 0", expected);
    }
    return out;
  }

  private DeploymentConfig deployment(String dpath, String id, int modelContext, Raw.Deployment d) {
    String provider = ConfigConverter.orEmpty(d.provider());
    if (!providerNames.contains(provider)) {
      String known = providerNames.isEmpty() ? "none are configured" : String.join(", ", providerNames);
      problems.add(dpath + ".provider", d.provider(), "the name of a configured provider; known: " + known);
    }
    String upstream = d.model() == null ? id : d.model();
    if (d.model() != null && d.model().isBlank()) {
      problems.add(dpath + ".model", upstream, "the upstream model name, or omit it to send the model id");
    }
    int weight = (int) problems.range(dpath + ".weight", d.weight(), ConfigConverter.DEFAULT_WEIGHT, 0, Integer.MAX_VALUE);
    int priority = (int) problems.range(dpath + ".priority", d.priority(), 0, 0, Integer.MAX_VALUE);
    int context = contextWindow(dpath + ".context_window", d.contextWindow(), modelContext);
    Set<String> endpoints = endpoints(dpath + ".endpoints", d.endpoints());
    boolean shadow = Boolean.TRUE.equals(d.shadow());
    int percent = shadowPercent(dpath + ".shadow_percent", d.shadowPercent(), shadow);
    return new DeploymentConfig(provider, upstream, weight, priority, context, endpoints, shadow, percent);
  }

  /** 0 (the model's) when absent; otherwise positive and at most the model's window. */
  private int contextWindow(String path, Integer value, int modelContext) {
    if (value == null) {
      return 0;
    }
    if (value <= 0 || (modelContext > 0 && value > modelContext)) {
      problems.add(path, value, modelContext > 0
          ? "a positive number of tokens up to the model's context_window, " + modelContext
          : "a positive number of tokens");
    }
    return value;
  }

  /** Empty (every endpoint) when absent; otherwise known names, each once. */
  private Set<String> endpoints(String path, List<String> names) {
    if (names == null) {
      return Set.of();
    }
    if (names.isEmpty()) {
      problems.note(path, "an empty list", "one or more of " + ENDPOINT_NAMES + "; omit the key for all");
      return Set.of();
    }
    Map<String, String> seen = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String at = path + "[" + i + "]";
      if (!DeploymentConfig.ENDPOINTS.contains(name)) {
        problems.add(at, name, "one of " + ENDPOINT_NAMES);
      } else if (seen.containsKey(name)) {
        problems.add(at, name, "each endpoint once; " + seen.get(name) + " has it already");
      } else {
        seen.put(name, at);
      }
    }
    return Set.copyOf(seen.keySet());
  }

  /** 0 for a serving deployment; 1..100 (default 100) for a shadow. */
  private int shadowPercent(String path, Integer value, boolean shadow) {
    if (!shadow) {
      if (value != null) {
        problems.add(path, value, "no shadow_percent unless shadow: true");
      }
      return 0;
    }
    return (int) problems.range(path, value, DEFAULT_SHADOW_PERCENT, 1, 100);
  }
}
