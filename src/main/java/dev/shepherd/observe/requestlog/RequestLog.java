package dev.shepherd.observe.requestlog;

import dev.shepherd.api.ErrorKind;
import dev.shepherd.billing.Cost;
import dev.shepherd.billing.PriceVersion;
import dev.shepherd.inbound.ClientProtocol;
import dev.shepherd.observe.Ended;
import dev.shepherd.observe.Observer;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.store.RequestIds;
import dev.shepherd.store.RequestRecord;
import java.time.InstantSource;

/**
 * Records every exchange in the request log: a compact {@link RequestRecord} built from the
 * exchange's {@link Ended} copy (ids, model, deployment, status, error, attempts, tokens, cost,
 * timings; the route trace of failed requests), queued to the {@link RequestLogWriter}. It only
 * reads fields and allocates the row: no formatting of payloads, no I/O. Payloads are queued by
 * reference when capture is on (the copy then carries them) and redacted by the writer. In the
 * gateway it runs behind the {@link dev.shepherd.observe.ObserverQueue}, off the event loop.
 *
 * <p>Heard after the settlements, so a completion counted on the event loop is already known;
 * one counted later (long answers, off the loop) may show as unknown (-1).
 */
public final class RequestLog implements Observer {
  private static final int MAX_MODEL_CHARS = 200;
  private final RequestLogWriter writer;
  private final boolean capture;
  private final InstantSource clock;

  public RequestLog(RequestLogWriter writer, boolean capturePayloads, InstantSource clock) {
    this.writer = writer;
    this.capture = capturePayloads;
    this.clock = clock;
  }

  @Override
  public void onEnd(Ended ex) {
    long start = ex.startNanos();
    long end = ex.endNanos();
    long latencyMicros = (end - start) / 1_000;
    long createdAt = createdAt(ex.requestId(), start);
    Exchange.Outcome outcome = ex.outcome();
    boolean failed = outcome == Exchange.Outcome.ERROR || outcome == Exchange.Outcome.INCOMPLETE;
    int attempts = ex.attempts();
    long[] tokens = tokens(ex);
    String requested = ex.requestedModel();
    if (requested != null && requested.length() > MAX_MODEL_CHARS) {
      requested = requested.substring(0, MAX_MODEL_CHARS);
    }
    RequestRecord row = new RequestRecord(ex.requestId(), createdAt, ex.keyId(), ex.accountId(), ex.modelId(),
        requested, ex.deployment() == null ? null : ex.deployment().id(), endpoint(ex), ex.stream(), ex.status(),
        outcome.name(), ex.error() == null ? null : ex.error().code(), ex.errorDetail(), sloError(ex), attempts,
        failed && ex.plan() != null ? ex.plan().trace() : null, tokens[0], tokens[1], cost(ex.price(), tokens),
        latencyMicros, ex.firstByteNanos() > 0 ? (ex.firstByteNanos() - start) / 1_000 : -1,
        attempts > 0 ? ex.upstreamNanos() / 1_000 : -1,
        attempts > 0 ? Math.max(0, end - start - ex.upstreamNanos()) / 1_000 : -1, null, null);
    if (capture) {
      writer.add(new RequestLogWriter.Entry(row, ex.clientBody(), ex.answer(), ex.completionText()));
    } else {
      writer.add(new RequestLogWriter.Entry(row, null, null, null));
    }
  }

  /**
   * The request's start in epoch millis: the time in its id ({@link RequestIds}, taken from the
   * gateway's clock as the request arrived), so that the row is keyed by its id; for an id without
   * one, now minus the request's age (this may run well after the end, behind the observer queue).
   */
  private long createdAt(String requestId, long startNanos) {
    long seq = RequestIds.sequence(requestId);
    return seq >= 0 ? RequestIds.millis(seq) : clock.millis() - (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String endpoint(Ended ex) {
    if (ex.client() == ClientProtocol.ANTHROPIC) {
      return "messages";
    }
    return switch (ex.endpoint()) {
      case CHAT -> "chat";
      case COMPLETIONS -> "completions";
      case EMBEDDINGS -> "embeddings";
    };
  }

  /**
   * {prompt, cached, completion}: the upstream's usage; else, for an answer without usage, the
   * counted prompt and (when already counted) completion; else unknown (-1).
   */
  private static long[] tokens(Ended ex) {
    Usage u = ex.usage();
    if (u.reported()) {
      return new long[] {u.promptTokens(), Math.max(0, u.completionTokens()), u.cachedPromptTokens()};
    }
    if (ex.outcome() == Exchange.Outcome.ERROR || ex.firstByteNanos() == 0) {
      return new long[] {-1, -1, 0};
    }
    return new long[] {ex.promptTokens(), ex.countedCompletionTokens(), 0};
  }

  /** Micro-USD at the request's price; 0 when nothing was answered; -1 when not metered or unknown. */
  private static long cost(PriceVersion price, long[] tokens) {
    if (price == null) {
      return -1;
    }
    if (tokens[0] < 0) {
      return 0;
    }
    if (tokens[1] < 0) {
      return -1;
    }
    return Cost.costMicros(price, tokens[0], tokens[2], tokens[1]);
  }

  /**
   * Whether the exchange counts as an error for SLOs: a broken stream, or an error on the
   * gateway's side — upstream failures (but not an upstream's 400 about the caller's request),
   * internal errors, a model or the limits being unavailable. Rejections of the caller (bad
   * requests, keys, rate limits, credit) are not.
   */
  static boolean sloError(Ended ex) {
    if (ex.outcome() == Exchange.Outcome.INCOMPLETE) {
      return true;
    }
    ErrorKind k = ex.error();
    if (ex.outcome() != Exchange.Outcome.ERROR || k == null) {
      return false;
    }
    return switch (k.fault()) {
      case UPSTREAM -> k != ErrorKind.UPSTREAM_REJECTED;
      case INTERNAL -> true;
      case POLICY -> k == ErrorKind.MODEL_UNAVAILABLE || k == ErrorKind.LIMITS_UNAVAILABLE;
      case CALLER -> false;
    };
  }
}
