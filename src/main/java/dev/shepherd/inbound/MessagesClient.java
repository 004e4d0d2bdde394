package dev.shepherd.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.api.ErrorFormat;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.translate.StreamTranslator;
import dev.shepherd.translate.anthropic.AnthropicErrors;
import dev.shepherd.translate.anthropic.ChatToAnthropicStream;
import dev.shepherd.translate.anthropic.MessagesRequests;
import dev.shepherd.translate.anthropic.MessagesResponses;

/**
 * Anthropic Messages clients ({@code /v1/messages}): the request becomes an OpenAI chat request
 * ({@link MessagesRequests}); answers become {@code message} objects or Messages stream events;
 * errors are {@code {"type":"error","error":{"type","message"}}} with the same statuses as for
 * OpenAI clients. Message ids are {@code msg_} + the request id.
 */
final class MessagesClient implements ClientProtocol {
  static final MessagesClient INSTANCE = new MessagesClient();

  private static final ErrorFormat ERRORS = new ErrorFormat() {
    @Override
    public String body(ErrorKind kind, String message, String param) {
      return AnthropicErrors.body(kind, message);
    }

    @Override
    public String event(ErrorKind kind, String message) {
      return "event: error\ndata: " + AnthropicErrors.body(kind, message) + "\n\n";
    }
  };

  private MessagesClient() {}

  @Override
  public boolean openAi() {
    return false;
  }

  @Override
  public byte[] toOpenAi(byte[] body) {
    return Json.bytes(MessagesRequests.toChat(Json.read(body)));
  }

  @Override
  public ErrorFormat errors() {
    return ERRORS;
  }

  @Override
  public StreamTranslator streamWriter(String requestId, String model, long promptTokens) {
    return new ChatToAnthropicStream(messageId(requestId), model, promptTokens);
  }

  @Override
  public byte[] answer(JsonNode chatCompletion, String model) {
    return Json.bytes(MessagesResponses.fromChat(chatCompletion, model));
  }

  static String messageId(String requestId) {
    return "msg_" + requestId;
  }

  @Override
  public String toString() {
    return "anthropic";
  }
}
