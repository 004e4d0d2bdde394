package dev.shepherd.config;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates and converts the {@code models} section against the already-converted providers:
 * unique well-formed ids, positive context windows, non-negative prices, a known {@code sticky}
 * mode, deployments as {@link DeploymentConverter} checks them, and a price history whose
 * versions take effect in strictly increasing order, all before the current {@code price}.
 */
final class ModelConverter {
  private final ConfigConverter.Problems problems;
  private final DeploymentConverter deploymentConverter;

  ModelConverter(ConfigConverter.Problems problems, List<ProviderConfig> providers) {
    this.problems = problems;
    Map<String, ProviderKind> kinds = new LinkedHashMap<>();
    for (ProviderConfig p : providers) {
      if (!p.name().isEmpty()) {
        kinds.putIfAbsent(p.name(), ProviderKind.of(p.kind()));
      }
    }
    this.deploymentConverter = new DeploymentConverter(problems, kinds);
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
      Price price = price(path + ".price", m.price() == null ? null : m.price().undated());
      Instant effectiveFrom = m.price() == null ? Instant.EPOCH
          : instant(path + ".price.effective_from", m.price().effectiveFrom(), Instant.EPOCH);
      List<DatedPrice> history = history(path, ConfigConverter.nonNull(m.priceHistory()), effectiveFrom);
      Price listPrice = m.listPrice() == null ? null : price(path + ".list_price", m.listPrice());
      List<DeploymentConfig> deployments = deploymentConverter.convert(path, id, context, m.deployments());
      Sticky sticky = sticky(path + ".sticky", m.sticky());
      LimitValues limits = LimitsConverter.values(problems, path + ".limits", m.limits());
      String tokenizer = TokenizerConverter.family(problems, path + ".tokenizer", m.tokenizer());
      out.add(new ModelConfig(id, ownedBy, context, price, listPrice,
          ConfigConverter.orEmpty(m.priceSource()), deployments, sticky, limits, tokenizer, effectiveFrom, history));
    }
    return out;
  }

  /** {@code none} when absent; the names are case-insensitive. */
  private Sticky sticky(String path, String value) {
    if (value == null) {
      return Sticky.NONE;
    }
    for (Sticky s : Sticky.values()) {
      if (s.name().equalsIgnoreCase(value)) {
        return s;
      }
    }
    problems.add(path, value, "one of none, key, user");
    return Sticky.NONE;
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

  /** Earlier prices: each with an {@code effective_from}, strictly increasing, all before {@code current}. */
  private List<DatedPrice> history(String modelPath, List<Raw.DatedPrice> raws, Instant current) {
    List<DatedPrice> out = new ArrayList<>();
    Instant previous = null;
    for (int i = 0; i < raws.size(); i++) {
      String path = modelPath + ".price_history[" + i + "]";
      Raw.DatedPrice r = raws.get(i);
      if (r == null) {
        problems.note(path, "an empty entry", "a mapping with effective_from, input_per_mtok and output_per_mtok");
        continue;
      }
      Price price = price(path, r.undated());
      Instant from = instant(path + ".effective_from", r.effectiveFrom(), null);
      if (from == null) {
        continue;
      }
      if (previous != null && !from.isAfter(previous)) {
        problems.add(path + ".effective_from", r.effectiveFrom(),
            "an instant after the previous entry's " + previous + "; list the history oldest first");
      } else if (!from.isBefore(current)) {
        problems.add(path + ".effective_from", r.effectiveFrom(),
            "an instant before price.effective_from (" + current + "); the current price goes in price");
      }
      previous = from;
      out.add(new DatedPrice(from, price));
    }
    return out;
  }

  /** An ISO-8601 instant ({@code 2026-12-01T00:00:00Z}, an offset instead of Z is accepted); {@code dflt} when absent. */
  private Instant instant(String path, String value, Instant dflt) {
    if (value == null) {
      if (dflt == null) {
        problems.add(path, null, "an ISO-8601 instant such as 2026-12-01T00:00:00Z");
      }
      return dflt;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      problems.add(path, value, "an ISO-8601 instant such as 2026-12-01T00:00:00Z");
      return dflt;
    }
  }
}
