package dev.shepherd.provider;

import dev.shepherd.pipeline.Usage;

/**
 * How a shadow copy of a request went. Its answer itself is discarded.
 *
 * @param status the upstream's HTTP status, or 0 when it never answered
 * @param millis from sending to the end of the answer (or the failure)
 * @param usage usage the upstream reported, or {@link Usage#NONE}
 * @param error a short failure label ({@code timeout}, {@code connect_error}, …), or {@code null}
 */
public record ShadowResult(int status, long millis, Usage usage, String error) {

  public boolean ok() {
    return status == 200 && error == null;
  }
}
