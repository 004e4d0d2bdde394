package dev.shepherd.observe;

import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.inbound.ClientProtocol;
import dev.shepherd.pipeline.Exchange;
import java.util.Locale;

/**
 * The bounded values metrics, the access log and spans describe an exchange with. Every value
 * comes from a closed set or the configured catalog, never from what a client typed, so label
 * cardinality stays bounded: an unknown model is {@code none}, not the requested name.
 */
public final class Labels {
  /** The value of a label that does not apply (no model resolved, no deployment tried, no error). */
  public static final String NONE = "none";
  /** Status of an exchange whose client left before any response header was written (as nginx logs it). */
  public static final int CLIENT_CLOSED_STATUS = 499;

  private static final String[] ERROR_CLASS = new String[ErrorKind.values().length];
  private static final String[] ENDPOINT = new String[Endpoint.values().length];

  static {
    for (ErrorKind k : ErrorKind.values()) {
      ERROR_CLASS[k.ordinal()] = k.name().toLowerCase(Locale.ROOT);
    }
    for (Endpoint e : Endpoint.values()) {
      ENDPOINT[e.ordinal()] = e.name().toLowerCase(Locale.ROOT);
    }
  }

  private Labels() {}

  /** The catalog id of the exchange's model, or {@link #NONE} when it was not resolved. */
  public static String model(Ended e) {
    return e.modelId() == null ? NONE : e.modelId();
  }

  /** {@code provider/upstream-model} of the last attempt, or {@link #NONE}. */
  public static String deployment(Ended e) {
    return e.deployment() == null ? NONE : e.deployment().id();
  }

  /** {@code chat}, {@code completions}, {@code embeddings}, or {@code messages} (Anthropic clients). */
  public static String endpoint(Ended e) {
    return e.client() == ClientProtocol.ANTHROPIC ? "messages" : ENDPOINT[e.endpoint().ordinal()];
  }

  /** The HTTP status sent; {@value #CLIENT_CLOSED_STATUS} when the client left before any was. */
  public static int status(Exchange ex) {
    return status(ex.outcome(), ex.response().headWritten(), ex.response().getStatusCode());
  }

  /** As {@link #status(Exchange)}. */
  public static int status(Ended e) {
    return status(e.outcome(), e.headWritten(), e.status());
  }

  private static int status(Exchange.Outcome outcome, boolean headWritten, int status) {
    return outcome == Exchange.Outcome.CLIENT_CLOSED && !headWritten ? CLIENT_CLOSED_STATUS : status;
  }

  /**
   * The error kind in lower case ({@code rate_limited}, {@code upstream_timeout}, …; finer than the
   * OpenAI {@code code}: a gateway rate limit and an upstream one differ), {@code client_closed}
   * when the client left, else {@link #NONE}.
   */
  public static String errorClass(Exchange ex) {
    return errorClass(ex.error(), ex.outcome());
  }

  /** As {@link #errorClass(Exchange)}. */
  public static String errorClass(Ended e) {
    return errorClass(e.error(), e.outcome());
  }

  private static String errorClass(ErrorKind k, Exchange.Outcome outcome) {
    if (k != null) {
      return ERROR_CLASS[k.ordinal()];
    }
    return switch (outcome) {
      case CLIENT_CLOSED -> "client_closed";
      case INCOMPLETE -> "incomplete";
      default -> NONE;
    };
  }

  /** The lower-case name of {@code kind}. */
  public static String errorClass(ErrorKind kind) {
    return ERROR_CLASS[kind.ordinal()];
  }

  /** {@code ok}, {@code error}, {@code incomplete} or {@code client_closed}. */
  public static String outcome(Exchange.Outcome outcome) {
    return switch (outcome) {
      case OK -> "ok";
      case ERROR -> "error";
      case INCOMPLETE -> "incomplete";
      case CLIENT_CLOSED -> "client_closed";
    };
  }

  /**
   * How an upstream attempt ended, from its routing-trace result: {@code ok} (a 200 relayed to its
   * end), {@code incomplete} (a 200 that broke), {@code client_closed}, else {@code error}.
   */
  public static String attemptOutcome(String result) {
    return switch (result) {
      case "200", "ok" -> "ok";
      case "200_incomplete", "incomplete" -> "incomplete";
      case "200_client_closed", "client_closed" -> "client_closed";
      default -> "error";
    };
  }
}
