package dev.shepherd.limits;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Rate limits (requests per minute, tokens per minute, requests in flight) checked against several
 * scopes at once. Each per-minute limit is a token bucket of that capacity refilling continuously
 * at limit ÷ 60 000 per millisecond; {@code maxParallel} is a counter of admitted, unsettled
 * requests. Time is always passed in ({@code nowMillis}, epoch milliseconds), never read.
 *
 * <p>Guarantees: {@link #admit} is all or nothing across the scopes of one call (a refusal changes
 * no scope); it never blocks the caller, though its stage may complete on another thread (a Vert.x
 * caller resumes on its context with {@code Future.fromCompletionStage(stage, context)}); it never
 * completes exceptionally. {@link #settle} runs once per admitted {@link Admission} (later calls
 * with the same admission are ignored), never blocks and never throws. Thread-safe.
 */
public interface Limiter extends AutoCloseable {

  /**
   * Admits one request against every scope or none. An admission takes one request from each
   * RPM bucket, {@code reservedTokens} (prompt + completion reserve) from each TPM bucket and a
   * parallel slot from each scope with {@code maxParallel}.
   */
  CompletionStage<Admission> admit(List<LimitScope> scopes, long reservedTokens, long nowMillis);

  /**
   * Ends an admitted request: each TPM bucket is corrected by actual − reserved tokens (the unused
   * part comes back; an excess is taken, possibly into debt) and parallel slots are released.
   * Refused admissions and repeated calls are ignored.
   */
  void settle(Admission admitted, long actualTokens, long nowMillis);

  /** Releases connections and threads; later calls may fail open or closed as configured. */
  @Override
  void close();
}
