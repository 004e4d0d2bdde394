package dev.shepherd.pipeline;

import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.provider.Upstreams;
import dev.shepherd.routing.Catalog;
import dev.shepherd.tokens.Tokenizers;

/**
 * One loaded configuration and what was built from it. An exchange takes the current generation
 * when it starts and keeps it to the end, so a reload never changes a request in flight.
 *
 * @param version 1 for the config the server started with, +1 per successful reload
 * @param config the validated config
 * @param catalog its models and deployments
 * @param upstreams its provider clients
 * @param tokenizers its tokenizers (files loaded)
 * @param prices its price book
 * @param loadedAtMillis epoch millis it was loaded
 */
public record Generation(int version, ShepherdConfig config, Catalog catalog, Upstreams upstreams,
    Tokenizers tokenizers, dev.shepherd.billing.PriceBook prices, long loadedAtMillis) {}
