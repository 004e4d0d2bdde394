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
 * once (a provider of a chat-only kind, anthropic or gemini, serves {@code chat} only), a shadow
 * percentage only when it is a shadow, {@code drop_params} only towards a translated (anthropic,
 * gemini) upstream; and the model keeps at least one non-shadow deployment with weight &gt; 0.
 */
final class DeploymentConverter {
  /** The share of a model's requests copied to a shadow deployment that names none. */
  static final int DEFAULT_SHADOW_PERCENT = 100;

  private static final String ENDPOINT_NAMES = String.join(", ", new TreeSet<>(DeploymentConfig.ENDPOINTS));

  /** Parameters a request cannot go without: never dropped. */
  private static final Set<String> KEPT = Set.of("model", "messages", "stream");

  private final ConfigConverter.Problems problems;
  private final Map<String, ProviderKind> providers;

  /** @param providers the configured provider names and their kinds ({@code null} when the kind is invalid) */
  DeploymentConverter(ConfigConverter.Problems problems, Map<String, ProviderKind> providers) {
    this.problems = problems;
    this.providers = providers;
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
    if (!providers.containsKey(provider)) {
      String known = providers.isEmpty() ? "none are configured" : String.join(", ", providers.keySet());
      problems.add(dpath + ".provider", d.provider(), "the name of a configured provider; known: " + known);
    }
    ProviderKind kind = providers.get(provider);
    String upstream = d.model() == null ? id : d.model();
    if (d.model() != null && d.model().isBlank()) {
      problems.add(dpath + ".model", upstream, "the upstream model name, or omit it to send the model id");
    }
    int weight = (int) problems.range(dpath + ".weight", d.weight(), ConfigConverter.DEFAULT_WEIGHT, 0, Integer.MAX_VALUE);
    int priority = (int) problems.range(dpath + ".priority", d.priority(), 0, 0, Integer.MAX_VALUE);
    int context = contextWindow(dpath + ".context_window", d.contextWindow(), modelContext);
    Set<String> endpoints = endpoints(dpath + ".endpoints", d.endpoints(), kind);
    boolean shadow = Boolean.TRUE.equals(d.shadow());
    int percent = shadowPercent(dpath + ".shadow_percent", d.shadowPercent(), shadow);
    Set<String> drop = dropParams(dpath + ".drop_params", d.dropParams(), kind);
    return new DeploymentConfig(provider, upstream, weight, priority, context, endpoints, shadow, percent, drop);
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

  /**
   * Empty (every endpoint) when absent; otherwise known names, each once. A chat-only kind serves
   * {@code chat} whatever is listed: absent means {@code [chat]}, and any other name is a problem.
   */
  private Set<String> endpoints(String path, List<String> names, ProviderKind kind) {
    boolean chatOnly = kind != null && kind.chatOnly;
    if (names == null) {
      return chatOnly ? Set.of("chat") : Set.of();
    }
    if (chatOnly) {
      for (int i = 0; i < names.size(); i++) {
        if (!"chat".equals(names.get(i))) {
          problems.add(path + "[" + i + "]", names.get(i), "chat: a provider of kind " + kind.yamlName
              + " serves only chat completions");
        }
      }
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

  /**
   * Empty when absent; otherwise parameter names ({@code snake_case}), each once, never one the
   * gateway needs, and only towards an upstream whose request is translated.
   */
  private Set<String> dropParams(String path, List<String> names, ProviderKind kind) {
    if (names == null) {
      return Set.of();
    }
    if (kind != null && !kind.chatOnly) {
      problems.note(path, "a list", "drop_params only on deployments of anthropic or gemini providers; an "
          + kind.yamlName + " upstream receives the request as the client sent it");
      return Set.of();
    }
    Map<String, String> seen = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String at = path + "[" + i + "]";
      if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
        problems.add(at, name, "a request parameter name such as logprobs or seed");
      } else if (KEPT.contains(name)) {
        problems.add(at, name, "a parameter that may be dropped; model, messages and stream are always sent");
      } else if (seen.containsKey(name)) {
        problems.add(at, name, "each parameter once; " + seen.get(name) + " has it already");
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
