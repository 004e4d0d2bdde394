package dev.shepherd.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.api.ErrorFormat;
import dev.shepherd.translate.StreamTranslator;

/**
 * The protocol a client speaks. Every request runs through the pipeline as an OpenAI request; a
 * client protocol says how its request becomes one on the way in, and how answers and errors are
 * written back to it on the way out. Upstream providers produce OpenAI answers (bytes for the
 * pass-through, chat completions and chunk payloads otherwise) and hand them to it.
 *
 * <p>Implementations are stateless singletons, safe on every thread; {@link #streamWriter} returns
 * a new stateful writer per response.
 */
public sealed interface ClientProtocol permits OpenAiClient, MessagesClient {

  /** {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/embeddings}. */
  ClientProtocol OPENAI = OpenAiClient.INSTANCE;

  /** {@code /v1/messages}: the Anthropic Messages API. */
  ClientProtocol ANTHROPIC = MessagesClient.INSTANCE;

  /**
   * True when the client reads OpenAI answers as they are: an OpenAI-compatible upstream's bytes
   * are then relayed untouched (the fast path).
   */
  boolean openAi();

  /**
   * The request body as an OpenAI request: the client's own bytes for OpenAI clients, a translated
   * chat request otherwise.
   *
   * @throws dev.shepherd.api.ApiException 400 naming the field at fault
   */
  byte[] toOpenAi(byte[] body);

  /** How errors are written to this client (status and headers are the same for all). */
  ErrorFormat errors();

  /**
   * A writer for one streamed answer: its input is OpenAI {@code chat.completion.chunk} payloads
   * ({@code type} null), its output complete SSE events in this protocol; {@code end} writes the
   * stream's normal ending ({@code data: [DONE]}, or {@code message_delta} + {@code message_stop}).
   *
   * @param requestId the exchange's id, from which the answer's id is made
   * @param model the model name to report (the client's public model)
   * @param promptTokens the gateway's prompt count, for protocols that report it first
   */
  StreamTranslator streamWriter(String requestId, String model, long promptTokens);

  /** A whole (non-streamed) OpenAI {@code chat.completion} as this client's answer body. */
  byte[] answer(JsonNode chatCompletion, String model);
}
