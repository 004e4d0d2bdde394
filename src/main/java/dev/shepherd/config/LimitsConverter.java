package dev.shepherd.config;

/**
 * Validates and converts the optional {@code limits} section and a model's {@code limits}.
 * (Stub: defaults only, until the limits work fills it in.)
 */
final class LimitsConverter {
  private LimitsConverter() {}

  static LimitsConfig convert(ConfigConverter.Problems problems, Raw.Limits raw) {
    return LimitsConfig.DEFAULT;
  }

  /** A model's per-key limits; {@link LimitValues#NONE} when absent. */
  static LimitValues values(ConfigConverter.Problems problems, String path, Raw.LimitValues raw) {
    return LimitValues.NONE;
  }
}
