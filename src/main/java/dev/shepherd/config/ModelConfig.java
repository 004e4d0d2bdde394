package dev.shepherd.config;

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
    String tokenizer) {

  public ModelConfig {
    deployments = List.copyOf(deployments);
  }
}
