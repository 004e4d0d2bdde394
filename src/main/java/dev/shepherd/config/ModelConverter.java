package dev.shepherd.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates and converts the {@code models} section against the already-converted providers:
 * unique well-formed ids, positive context windows, non-negative prices, and deployments that name
 * known providers with at least one positive weight per model.
 */
final class ModelConverter {
  private final ConfigConverter.Problems problems;
  private final Set<String> providerNames;

  ModelConverter(ConfigConverter.Problems problems, List<ProviderConfig> providers) {
    this.problems = problems;
    this.providerNames =
        providers.stream().map(ProviderConfig::name).filter(n -> !n.isEmpty())
            .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  List<ModelConfig> models(List<Raw.Model> raws) {
    List<ModelConfig> out = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (int i = 0; i < raws.size(); i++) {
      String path = "models[" + i + "]";
      Raw.Model m = raws.get(i);
      if (m == null) {
        problems.note(path, "an empty entry", "a mapping with at least id, context_window, price and deployments");
        continue;
      }
      String id = ConfigConverter.orEmpty(m.id());
      if (!ConfigConverter.isToken(id)) {
        problems.add(path + ".id", m.id(), "a non-empty model id without whitespace");
      } else if (seen.containsKey(id)) {
        problems.add(path + ".id", id, "a unique model id; " + seen.get(id) + " has it already");
      } else {
        seen.put(id, path);
      }
      String ownedBy = m.ownedBy() == null ? ConfigConverter.DEFAULT_OWNED_BY : m.ownedBy();
      if (ownedBy.isBlank()) {
        problems.add(path + ".owned_by", ownedBy, "a non-empty owner, e.g. " + ConfigConverter.DEFAULT_OWNED_BY);
      }
      int context = m.contextWindow() == null ? 0 : m.contextWindow();
      if (context <= 0) {
        problems.add(path + ".context_window", m.contextWindow(), "a positive number of tokens");
      }
      Price price = price(path + ".price", m.price());
      Price listPrice = m.listPrice() == null ? null : price(path + ".list_price", m.listPrice());
      List<DeploymentConfig> deployments = deployments(path, id, m.deployments());
      out.add(new ModelConfig(id, ownedBy, context, price, listPrice,
          ConfigConverter.orEmpty(m.priceSource()), deployments, Sticky.NONE));
    }
    return out;
  }

  private Price price(String path, Raw.Price p) {
    if (p == null) {
      problems.note(path, "missing",
          "input_per_mtok and output_per_mtok in USD per million tokens (0 for free)");
      return new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }
    BigDecimal input = problems.money(path + ".input_per_mtok", p.inputPerMtok(), null);
    BigDecimal cached = p.cachedInputPerMtok() == null
        ? input
        : problems.money(path + ".cached_input_per_mtok", p.cachedInputPerMtok(), null);
    BigDecimal output = problems.money(path + ".output_per_mtok", p.outputPerMtok(), null);
    return new Price(input, cached, output);
  }

  private List<DeploymentConfig> deployments(String modelPath, String id, List<Raw.Deployment> raws) {
    String path = modelPath + ".deployments";
    if (raws == null || raws.isEmpty()) {
      problems.note(path, raws == null ? "missing" : "an empty list",
          "at least one deployment: {provider: NAME, model: UPSTREAM_MODEL}");
      return List.of();
    }
    List<DeploymentConfig> out = new ArrayList<>();
    boolean anyWeight = false;
    for (int i = 0; i < raws.size(); i++) {
      String dpath = path + "[" + i + "]";
      Raw.Deployment d = raws.get(i);
      if (d == null) {
        problems.note(dpath, "an empty entry", "a mapping with at least provider");
        continue;
      }
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
      anyWeight |= weight != 0; // a negative weight is reported above; don't report it twice
      out.add(new DeploymentConfig(provider, upstream, weight, priority));
    }
    if (!anyWeight && !out.isEmpty()) {
      problems.note(path, "every weight is 0", "at least one deployment with weight > 0");
    }
    return out;
  }
}
