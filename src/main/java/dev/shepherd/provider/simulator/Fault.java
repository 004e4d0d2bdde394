package dev.shepherd.provider.simulator;

import dev.shepherd.config.SimulatorSettings;
import java.util.Locale;
import java.util.random.RandomGenerator;

/** The fault injected into one request, forced by header {@code x-sim-fault} or drawn from the settings' rates. */
enum Fault {
  NONE,
  /** Answer {@code error_status} with an OpenAI-shaped error. */
  ERROR,
  /** Answer 429 with {@code Retry-After} and {@code retry-after-ms}. */
  RATE_LIMIT,
  /** Send 200 headers, then nothing until the client leaves. */
  STALL,
  /** Streams: cut the connection after about half the tokens; otherwise cut it before responding. */
  DROP;

  static final String HEADER = "x-sim-fault";

  /** The fault a header value forces ({@code none|error|rate_limit|stall|drop}), or null when absent. */
  static Fault forced(String header) throws BadRequest {
    if (header == null) {
      return null;
    }
    return switch (header.trim().toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "error" -> ERROR;
      case "rate_limit" -> RATE_LIMIT;
      case "stall" -> STALL;
      case "drop" -> DROP;
      default -> throw new BadRequest(HEADER + ": " + header + " (expected: none|error|rate_limit|stall|drop)",
          null, "invalid_value");
    };
  }

  /**
   * One draw of {@code random} split into consecutive bands of width error, rate limit, stall and
   * drop rate; rates summing past 1 crowd out the later faults. Draws nothing when all rates are 0.
   */
  static Fault draw(SimulatorSettings s, RandomGenerator random) {
    if (s.errorRate() <= 0 && s.rateLimitRate() <= 0 && s.stallRate() <= 0 && s.dropRate() <= 0) {
      return NONE;
    }
    double u = random.nextDouble();
    if ((u -= Math.max(0, s.errorRate())) < 0) {
      return ERROR;
    }
    if ((u -= Math.max(0, s.rateLimitRate())) < 0) {
      return RATE_LIMIT;
    }
    if ((u -= Math.max(0, s.stallRate())) < 0) {
      return STALL;
    }
    return u - Math.max(0, s.dropRate()) < 0 ? DROP : NONE;
  }
}
