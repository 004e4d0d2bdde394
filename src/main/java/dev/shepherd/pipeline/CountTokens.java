package dev.shepherd.pipeline;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.tokens.PromptCounter;
import dev.shepherd.tokens.Tokenizer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Counts the prompt's tokens with the model's tokenizer (template overhead included) and checks
 * the context window before anything is spent: prompt + {@code max_tokens} over the window is a
 * 400 {@code context_length_exceeded} naming the numbers, or — with {@code limits.clamp_max_tokens}
 * — {@code max_tokens} lowered to what fits. Bodies over 2 KiB are counted on a virtual thread.
 * Every later response carries {@code x-shepherd-prompt-tokens}.
 */
final class CountTokens implements Stage {
  /**
   * Bodies up to this size are counted on the event loop: at the slowest tokenizer's ~15 MB/s
   * that is at most ~130 µs; larger ones go to a virtual thread (a hand-off costs ~10–20 µs).
   */
  static final int ON_LOOP_BYTES = 2 * 1024;
  static final String HEADER = "x-shepherd-prompt-tokens";

  @Override
  public String name() {
    return "count-tokens";
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    Tokenizer tokenizer = ex.generation().tokenizers().forModel(ex.model().config());
    if (ex.body().length <= ON_LOOP_BYTES) {
      check(ex, PromptCounter.count(ex.endpoint(), ex.body(), tokenizer));
      return Future.succeededFuture();
    }
    return Blocking.call(Vertx.currentContext(), () -> PromptCounter.count(ex.endpoint(), ex.body(), tokenizer))
        .map(n -> {
          check(ex, n);
          return null;
        });
  }

  private static void check(Exchange ex, long prompt) {
    ex.promptTokens(prompt);
    ex.response().putHeader(HEADER, Long.toString(prompt));
    long window = ex.model().config().contextWindow();
    long max = ex.parsed().maxTokens();
    // A chat or completion prompt must leave room for at least one generated token.
    long fits = ex.endpoint() == Endpoint.EMBEDDINGS ? window : window - 1;
    if (prompt > fits) {
      throw new ApiException(ErrorKind.CONTEXT_LENGTH_EXCEEDED, "This model's maximum context length is " + window
          + " tokens. However, your prompt is " + prompt + " tokens. Please shorten it.", inputParam(ex));
    }
    if (max > 0 && prompt + max > window) {
      if (ex.generation().config().limits().clampMaxTokens()) {
        ex.maxTokensOverride(window - prompt);
        return;
      }
      throw new ApiException(ErrorKind.CONTEXT_LENGTH_EXCEEDED, "This model's maximum context length is " + window
          + " tokens. However, you requested " + (prompt + max) + " tokens (" + prompt + " in the prompt, " + max
          + " for the completion). Please reduce the prompt or max_tokens.", "max_tokens");
    }
  }

  private static String inputParam(Exchange ex) {
    return switch (ex.endpoint()) {
      case CHAT -> "messages";
      case COMPLETIONS -> "prompt";
      case EMBEDDINGS -> "input";
    };
  }
}
