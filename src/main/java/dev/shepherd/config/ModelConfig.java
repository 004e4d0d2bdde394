package dev.shepherd.config;

import java.time.Instant;
import java.util.List;

/**
 * A public model: the id clients send, and where it is served.
 *
 * @param id what clients send as {@code model}
 * @param ownedBy shown as {@code owned_by} in {@code /v1/models}
 * @param contextWindow prompt + completion tokens the model accepts
 * @param price the relay's price, USD per million tokens
 * @param listPrice the official list price of the same model, for comparison; may be {@code null}
 * @param priceSource where the list price came from (URL and date), for the operator
 * @param deployments at least one serving (non-shadow) deployment
 * @param sticky what keeps a caller on one deployment
 * @param limits per-key limits on this model (counted per key and model); {@link LimitValues#NONE}: none
 * @param tokenizer tokenizer family ({@code o200k}, {@code cl100k}, {@code qwen3}, {@code llama3},
 *     {@code llama4}, {@code estimate}); empty: inferred from the id
 * @param priceEffectiveFrom when {@code price} took effect ({@link Instant#EPOCH}: always)
 * @param priceHistory earlier relay prices, oldest first, each before the next and before
 *     {@code priceEffectiveFrom}; empty when the price never changed
 */
public record ModelConfig(
    String id,
    String ownedBy,
    int contextWindow,
    Price price,
    Price listPrice,
    String priceSource,
    List<DeploymentConfig> deployments,
    Sticky sticky,
    LimitValues limits,
    String tokenizer,
    Instant priceEffectiveFrom,
    List<DatedPrice> priceHistory) {

  public ModelConfig {
    deployments = List.copyOf(deployments);
    priceHistory = List.copyOf(priceHistory);
  }
}
