package dev.shepherd.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.api.ErrorFormat;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.translate.StreamTranslator;
import java.util.function.Consumer;

/** OpenAI clients: requests are used as sent; translated answers are written as OpenAI writes them. */
final class OpenAiClient implements ClientProtocol {
  static final OpenAiClient INSTANCE = new OpenAiClient();

  private OpenAiClient() {}

  @Override
  public boolean openAi() {
    return true;
  }

  @Override
  public byte[] toOpenAi(byte[] body) {
    return body;
  }

  @Override
  public ErrorFormat errors() {
    return ErrorFormat.OPENAI;
  }

  @Override
  public StreamTranslator streamWriter(String requestId, String model, long promptTokens) {
    return new Writer();
  }

  @Override
  public byte[] answer(JsonNode chatCompletion, String model) {
    return Json.bytes(chatCompletion);
  }

  @Override
  public String toString() {
    return "openai";
  }

  /** {@code data: CHUNK} per chunk, {@code data: [DONE]} at the end. */
  private static final class Writer implements StreamTranslator {
    private boolean ended;

    @Override
    public void event(String type, String data, Consumer<String> out) {
      out.accept("data: " + data + "\n\n");
    }

    @Override
    public void end(Consumer<String> out) {
      if (!ended) {
        ended = true;
        out.accept("data: [DONE]\n\n");
      }
    }

    @Override
    public boolean complete() {
      return ended;
    }

    @Override
    public Usage usage() {
      return Usage.NONE;
    }
  }
}
