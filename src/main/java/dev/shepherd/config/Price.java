package dev.shepherd.config;

import java.math.BigDecimal;

/**
 * Prices in USD per million tokens, as exact decimals (never floating point).
 *
 * @param inputPerMtok prompt tokens
 * @param cachedInputPerMtok cached prompt tokens; equals {@code inputPerMtok} when not configured
 * @param outputPerMtok completion tokens
 */
public record Price(BigDecimal inputPerMtok, BigDecimal cachedInputPerMtok, BigDecimal outputPerMtok) {}
