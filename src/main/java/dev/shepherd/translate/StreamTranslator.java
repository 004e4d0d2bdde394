package dev.shepherd.translate;

import dev.shepherd.pipeline.Usage;
import java.util.function.Consumer;

/**
 * Turns one upstream's streaming events into another protocol's events, one stream at a time
 * (stateful; not thread-safe; one instance per response). Used in both directions: an Anthropic or
 * Gemini upstream's events into OpenAI {@code chat.completion.chunk} payloads, and OpenAI chunks
 * into Anthropic Messages events for {@code /v1/messages} clients.
 *
 * <p>{@code out} receives complete output events: for OpenAI output, the JSON payload of one
 * {@code data:} line (without {@code data: } and without the final {@code [DONE]}, which the
 * caller writes); for Anthropic output, the event as {@code event: NAME\ndata: JSON\n\n} text.
 */
public interface StreamTranslator {

  /**
   * Translates one input event.
   *
   * @param type the SSE {@code event:} name, or {@code null} when the stream has none (OpenAI, Gemini)
   * @param data the event's {@code data:} payload (JSON text)
   * @throws UpstreamStreamError when the event is an error reported by the upstream in the stream
   * @throws IllegalArgumentException when the event is not valid for its protocol (broken upstream)
   */
  void event(String type, String data, Consumer<String> out);

  /** The input ended normally; writes whatever closing events the output protocol needs. */
  void end(Consumer<String> out);

  /** Whether the input stream reached its protocol's normal end (e.g. {@code message_stop}). */
  boolean complete();

  /** Token usage seen so far ({@link Usage#NONE} until reported). */
  Usage usage();
}
