package dev.shepherd.billing;

import dev.shepherd.config.DatedPrice;
import dev.shepherd.config.ModelConfig;
import dev.shepherd.config.Price;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every price version of every configured model, from {@code price} (with its {@code
 * effective_from}) and {@code price_history}. Immutable; build a new book on each config reload.
 *
 * <p>{@link #at} answers with the version in effect when a request <em>started</em>: a price change
 * applies only to requests started at or after its {@code effective_from}, so a request in flight
 * across a change is charged what it was quoted. Every version carries the model's current list
 * price (the list price is for comparison only and is not versioned); without a list price the
 * list figures equal the relay price and {@link PriceVersion#listKnown()} is false.
 */
public final class PriceBook {
  private final Map<String, List<PriceVersion>> byModel;
  private final Map<String, PriceVersion> byId;

  private PriceBook(Map<String, List<PriceVersion>> byModel) {
    this.byModel = byModel;
    this.byId = new HashMap<>();
    byModel.values().forEach(vs -> vs.forEach(v -> byId.put(v.version(), v)));
  }

  /** The book of these models (prices as the config validated them: ≥ 0, ≤ 6 decimals, ≤ $10,000/MTok). */
  public static PriceBook of(List<ModelConfig> models) {
    Map<String, List<PriceVersion>> byModel = new HashMap<>();
    for (ModelConfig m : models) {
      List<PriceVersion> versions = new ArrayList<>();
      for (DatedPrice h : m.priceHistory()) {
        versions.add(version(m, h.effectiveFrom(), h.price()));
      }
      versions.add(version(m, m.priceEffectiveFrom(), m.price()));
      byModel.put(m.id(), List.copyOf(versions));
    }
    return new PriceBook(byModel);
  }

  /** The version of {@code model} in effect at {@code startedAtMillis}, or {@code null} if unpriced then. */
  public PriceVersion at(String model, long startedAtMillis) {
    List<PriceVersion> versions = byModel.get(model);
    if (versions == null) {
      return null;
    }
    for (int i = versions.size() - 1; i >= 0; i--) {
      if (versions.get(i).effectiveFromMillis() <= startedAtMillis) {
        return versions.get(i);
      }
    }
    return null;
  }

  /** The newest version of {@code model} (for reports), or {@code null} if it is not configured. */
  public PriceVersion current(String model) {
    List<PriceVersion> versions = byModel.get(model);
    return versions == null ? null : versions.getLast();
  }

  /** The version with this id (as recorded on a ledger entry), or {@code null}. */
  public PriceVersion version(String id) {
    return byId.get(id);
  }

  /** The versions of {@code model}, oldest first; empty if it is not configured. */
  public List<PriceVersion> versions(String model) {
    return byModel.getOrDefault(model, List.of());
  }

  private static PriceVersion version(ModelConfig m, Instant from, Price p) {
    Price list = m.listPrice() == null ? m.price() : m.listPrice();
    return PriceVersion.of(m.id(), from.toEpochMilli(),
        PriceVersion.pico(p.inputPerMtok()), PriceVersion.pico(p.cachedInputPerMtok()),
        PriceVersion.pico(p.outputPerMtok()),
        PriceVersion.pico(list.inputPerMtok()), PriceVersion.pico(list.cachedInputPerMtok()),
        PriceVersion.pico(list.outputPerMtok()), m.listPrice() != null);
  }
}
