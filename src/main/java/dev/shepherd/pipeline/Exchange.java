package dev.shepherd.pipeline;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.api.openai.ParsedRequest;
import dev.shepherd.inbound.ClientProtocol;
import dev.shepherd.routing.Deployment;
import dev.shepherd.routing.ModelEntry;
import dev.shepherd.routing.Plan;
import dev.shepherd.store.KeyRecord;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * One client request from accept to settlement. Confined to the event loop that accepted it:
 * no field is read or written from another thread.
 *
 * <p>{@link #end} runs the {@link ExchangeListener}s exactly once, whatever ends the exchange
 * (normal end, client disconnect, upstream failure, rejection).
 */
public final class Exchange {
  private final String requestId;
  private final long startNanos;
  private final HttpServerRequest request;
  private final Endpoint endpoint;
  private final ClientProtocol client;
  private final byte[] body;
  private final List<ExchangeListener> listeners;
  private final Generation generation;
  private KeyRecord key;
  private ParsedRequest parsed;
  private ModelEntry model;
  private Deployment deployment;
  private Plan plan;
  private long firstByteNanos;
  private io.vertx.core.buffer.Buffer answer;
  private long promptTokens;
  private long maxTokensOverride = -1;
  private dev.shepherd.limits.Admission admission;
  private dev.shepherd.billing.Hold creditHold;
  private dev.shepherd.billing.PriceVersion price;
  private long reservedTokens;
  private Usage usage = Usage.NONE;
  private long countedCompletionTokens = -1;
  private CompletionText completionText;
  private Outcome outcome;
  private ErrorKind error;
  private String errorDetail;
  private boolean ended;
  private long upstreamNanos;
  private long endNanos;
  private Object traceState;
  private volatile Object observed;
  private String traceparent;
  private String tracestate;
  private volatile dev.shepherd.store.UsageRecord settlement;
  /** Counts the two events {@link #onSettled} waits for: the end's listeners ran, and the settlement. */
  private volatile int settleGate;
  private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<Exchange> SETTLE_GATE =
      java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(Exchange.class, "settleGate");

  /** An exchange with an OpenAI client. */
  public Exchange(String requestId, HttpServerRequest request, Endpoint endpoint, byte[] body,
      long startNanos, List<ExchangeListener> listeners, Generation generation) {
    this(requestId, request, endpoint, ClientProtocol.OPENAI, body, startNanos, listeners, generation);
  }

  /**
   * @param client the protocol the client speaks: its body is read as that protocol's request, and
   *     answers and errors are written in it
   */
  public Exchange(String requestId, HttpServerRequest request, Endpoint endpoint, ClientProtocol client,
      byte[] body, long startNanos, List<ExchangeListener> listeners, Generation generation) {
    this.client = client;
    this.generation = generation;
    this.requestId = requestId;
    this.request = request;
    this.endpoint = endpoint;
    this.body = body;
    this.startNanos = startNanos;
    this.listeners = listeners;
  }

  /** How an exchange ended. */
  public enum Outcome {
    /** The full answer reached the client. */
    OK,
    /** Rejected or failed before any byte of an answer was sent. */
    ERROR,
    /** A stream that broke after its first byte (upstream failure or timeout). */
    INCOMPLETE,
    /** The client went away before the answer finished. */
    CLIENT_CLOSED
  }

  /**
   * Sends {@code e} to the client if nothing was sent yet, and ends the exchange.
   *
   * @param detail operator-facing detail for the access log (may name hosts; never sent)
   */
  public void fail(ApiException e, String detail) {
    ErrorBodies.send(response(), e, client.errors());
    this.error = e.kind();
    this.errorDetail = detail;
    end(Outcome.ERROR);
  }

  /** Ends the exchange once; later calls are ignored. */
  public void end(Outcome outcome) {
    if (ended) {
      return;
    }
    ended = true;
    this.outcome = outcome;
    this.endNanos = System.nanoTime();
    for (ExchangeListener l : listeners) {
      try {
        l.onEnd(this);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Exchange.class).error("listener {} failed", l, e);
      }
    }
    if (creditHold != null && SETTLE_GATE.incrementAndGet(this) == 2) {
      notifySettled();
    }
  }

  /** Tells the listeners the pipeline starts this exchange ({@link ExchangeListener#onStart}). */
  void started() {
    for (ExchangeListener l : listeners) {
      try {
        l.onStart(this);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Exchange.class).error("listener {} failed", l, e);
      }
    }
  }

  /** Upstream attempt {@code number} on {@code d} is about to be sent (see {@link ExchangeListener#onAttemptStart}). */
  void attemptStarted(Deployment d, int number) {
    for (ExchangeListener l : listeners) {
      try {
        l.onAttemptStart(this, d, number);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Exchange.class).error("listener {} failed", l, e);
      }
    }
  }

  /** That attempt is over after {@code nanos} (see {@link ExchangeListener#onAttemptEnd}). */
  void attemptEnded(Deployment d, int number, String result, long nanos) {
    upstreamNanos += nanos;
    for (ExchangeListener l : listeners) {
      try {
        l.onAttemptEnd(this, d, number, result, nanos);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Exchange.class).error("listener {} failed", l, e);
      }
    }
  }

  /**
   * Records what the credit settlement charged (any thread, once). The listeners hear it through
   * {@link ExchangeListener#onSettled} once their {@link ExchangeListener#onEnd} have all run.
   */
  public void settled(dev.shepherd.store.UsageRecord usage) {
    this.settlement = usage;
    if (SETTLE_GATE.incrementAndGet(this) == 2) {
      notifySettled();
    }
  }

  private void notifySettled() {
    for (ExchangeListener l : listeners) {
      try {
        l.onSettled(this, settlement);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Exchange.class).error("listener {} failed", l, e);
      }
    }
  }

  /** What the settlement charged, or {@code null} (unmetered, or not settled yet). */
  public dev.shepherd.store.UsageRecord settlement() {
    return settlement;
  }

  /** Nanotime the exchange ended (before its listeners ran), or 0 while it runs. */
  public long endNanos() {
    return endNanos;
  }

  /** Nanoseconds spent in upstream attempts so far, summed (sending to the end of each answer). */
  public long upstreamNanos() {
    return upstreamNanos;
  }

  /** The tracer's state for this exchange (its spans), or {@code null}: only the tracer reads it. */
  public Object traceState() {
    return traceState;
  }

  public void traceState(Object state) {
    this.traceState = state;
  }

  /**
   * The observer queue's record of this exchange's end (its queued copy), or {@code null} before
   * it ended: kept here so that the settlement, heard after the end, can join it.
   */
  public Object observed() {
    return observed;
  }

  public void observed(Object copy) {
    this.observed = copy;
  }

  /**
   * Sets the W3C trace context the current upstream attempt carries ({@code tracestate} may be
   * {@code null}); set by the tracer when it starts an attempt's span.
   */
  public void upstreamTrace(String traceparent, String tracestate) {
    this.traceparent = traceparent;
    this.tracestate = tracestate;
  }

  /**
   * Adds the trace context headers of the current attempt to an upstream request: the tracer's
   * (its attempt span as parent), else — tracing off — the client's own {@code traceparent} and
   * {@code tracestate}, passed on unchanged so the upstream still joins the client's trace.
   */
  public void propagateTrace(java.util.function.BiConsumer<String, String> header) {
    String parent = traceparent;
    String state = tracestate;
    if (parent == null) {
      parent = request.getHeader("traceparent");
      if (parent == null) {
        return;
      }
      state = request.getHeader("tracestate");
    }
    header.accept("traceparent", parent);
    if (state != null && !state.isEmpty()) {
      header.accept("tracestate", state);
    }
  }

  /** Records an error that ended a started stream (for logs), without sending anything. */
  public void brokenStream(ErrorKind kind, String detail) {
    this.error = kind;
    this.errorDetail = detail;
  }

  public boolean ended() {
    return ended;
  }

  public String requestId() {
    return requestId;
  }

  public long startNanos() {
    return startNanos;
  }

  public HttpServerRequest request() {
    return request;
  }

  public HttpServerResponse response() {
    return request.response();
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** The protocol the client speaks. */
  public ClientProtocol client() {
    return client;
  }

  /**
   * The request body as the pipeline reads it: the client's bytes until parsed; then the OpenAI
   * request they were read as (the same bytes for OpenAI clients, the translated request for
   * others).
   */
  public byte[] body() {
    return parsed != null ? parsed.body() : body;
  }

  /** The bytes the client sent. */
  public byte[] clientBody() {
    return body;
  }

  public KeyRecord key() {
    return key;
  }

  void key(KeyRecord key) {
    this.key = key;
  }

  public ParsedRequest parsed() {
    return parsed;
  }

  void parsed(ParsedRequest parsed) {
    this.parsed = parsed;
  }

  public ModelEntry model() {
    return model;
  }

  void model(ModelEntry model) {
    this.model = model;
  }

  /** The deployment of the current (or last) upstream attempt, or {@code null}. */
  public Deployment deployment() {
    return deployment;
  }

  void deployment(Deployment deployment) {
    this.deployment = deployment;
  }

  /** The configuration this exchange runs on, from start to end. */
  public Generation generation() {
    return generation;
  }

  /** Prompt tokens counted before routing; 0 while not counted. */
  public long promptTokens() {
    return promptTokens;
  }

  public void promptTokens(long tokens) {
    this.promptTokens = tokens;
  }

  /** The {@code max_tokens} sent upstream instead of the client's (clamped to the context window), or -1. */
  public long maxTokensOverride() {
    return maxTokensOverride;
  }

  /** The completion limit the upstream will see: the clamped value, else the client's, else -1. */
  public long maxTokens() {
    return maxTokensOverride >= 0 ? maxTokensOverride : parsed.maxTokens();
  }

  void maxTokensOverride(long tokens) {
    this.maxTokensOverride = tokens;
  }

  /** The rate-limit admission to settle at the end, or {@code null} when no limit applied. */
  public dev.shepherd.limits.Admission admission() {
    return admission;
  }

  /** Tokens reserved against TPM when admitted (prompt + completion reserve). */
  public long reservedTokens() {
    return reservedTokens;
  }

  void admission(dev.shepherd.limits.Admission admission, long reservedTokens) {
    this.admission = admission;
    this.reservedTokens = reservedTokens;
  }

  /** The credit held for this request, or {@code null} (not metered). */
  public dev.shepherd.billing.Hold creditHold() {
    return creditHold;
  }

  /** The price version in effect when the request started, or {@code null} (not metered). */
  public dev.shepherd.billing.PriceVersion price() {
    return price;
  }

  void creditHold(dev.shepherd.billing.Hold hold, dev.shepherd.billing.PriceVersion price) {
    this.creditHold = hold;
    this.price = price;
  }

  /** The routing plan and its attempts, or {@code null} before routing. */
  public Plan plan() {
    return plan;
  }

  void plan(Plan plan) {
    this.plan = plan;
  }

  /** Nanotime the first response byte was sent to the client, or 0. */
  public long firstByteNanos() {
    return firstByteNanos;
  }

  public void firstByteSent(long nanos) {
    if (firstByteNanos == 0) {
      firstByteNanos = nanos;
    }
  }

  /** The whole (non-streamed) answer as sent to the client, or {@code null} (streams, errors); for payload capture. */
  public io.vertx.core.buffer.Buffer answer() {
    return answer;
  }

  public void answer(io.vertx.core.buffer.Buffer body) {
    this.answer = body;
  }

  public Usage usage() {
    return usage;
  }

  public void usage(Usage usage) {
    this.usage = usage;
  }

  /**
   * Completion tokens counted here from what reached the client, for answers whose upstream
   * reported no usage; -1 when not counted.
   */
  public long countedCompletionTokens() {
    return countedCompletionTokens;
  }

  public void countedCompletionTokens(long tokens) {
    this.countedCompletionTokens = tokens;
  }

  /** The generated text of the answering attempt, as relayed, or {@code null} (see {@link CompletionText}). */
  public CompletionText completionText() {
    return completionText;
  }

  /** Set by the relay of the attempt that answers (a later attempt replaces an earlier one's). */
  public void completionText(CompletionText text) {
    this.completionText = text;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** The error that ended the exchange, or {@code null}. */
  public ErrorKind error() {
    return error;
  }

  /** Operator-facing detail of the error (may name hosts; never sent to clients), or {@code null}. */
  public String errorDetail() {
    return errorDetail;
  }
}
