package dev.shepherd.config;

import java.time.Instant;

/**
 * A relay price and the instant it took effect: one entry of a model's {@code price_history}.
 *
 * @param effectiveFrom requests that start at or after this instant (and before the next
 *     version's) are charged {@code price}
 * @param price USD per million tokens
 */
public record DatedPrice(Instant effectiveFrom, Price price) {}
