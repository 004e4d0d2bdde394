package dev.shepherd.config;

import java.util.List;
import java.util.Map;

/**
 * The validated, immutable configuration of one Shepherd instance.
 *
 * <p>Instances come only from {@link ConfigLoader}, which guarantees: every provider name is
 * unique, every deployment names a known provider, every model id is unique, and every number
 * is in range. Code that receives a {@code ShepherdConfig} never re-checks these.
 */
public record ShepherdConfig(
    ServerConfig server,
    StoreConfig store,
    List<ProviderConfig> providers,
    List<ModelConfig> models,
    RoutingConfig routing,
    LimitsConfig limits,
    Map<String, String> tokenizerFiles,
    BillingConfig billing,
    ObserveConfig observe,
    RequestLogConfig requestLog,
    SloConfig slo) {

  public ShepherdConfig {
    providers = List.copyOf(providers);
    models = List.copyOf(models);
    tokenizerFiles = Map.copyOf(tokenizerFiles);
  }

  /** Without the {@code observe} and {@code slo} sections: their defaults (configs built by hand). */
  public ShepherdConfig(ServerConfig server, StoreConfig store, List<ProviderConfig> providers, List<ModelConfig> models,
      RoutingConfig routing, LimitsConfig limits, Map<String, String> tokenizerFiles, BillingConfig billing) {
    this(server, store, providers, models, routing, limits, tokenizerFiles, billing, ObserveConfig.DEFAULT,
        RequestLogConfig.DEFAULT, SloConfig.NONE);
  }

  /** A copy listening on {@code server} instead (e.g. {@code serve --port}). */
  public ShepherdConfig withServer(ServerConfig server) {
    return new ShepherdConfig(server, store, providers, models, routing, limits, tokenizerFiles, billing, observe,
        requestLog, slo);
  }

  /** A copy with other providers, models, routing, limits, tokenizers and billing (what a reload replaces). */
  public ShepherdConfig withRoutable(List<ProviderConfig> providers, List<ModelConfig> models, RoutingConfig routing,
      LimitsConfig limits, Map<String, String> tokenizerFiles, BillingConfig billing) {
    return new ShepherdConfig(server, store, providers, models, routing, limits, tokenizerFiles, billing, observe,
        requestLog, slo);
  }

  /** The provider with this name, or {@code null}. */
  public ProviderConfig provider(String name) {
    for (ProviderConfig p : providers) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
