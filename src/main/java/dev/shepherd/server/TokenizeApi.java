package dev.shepherd.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.api.openai.ParsedRequest;
import dev.shepherd.api.openai.RequestParser;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.pipeline.Generation;
import dev.shepherd.routing.ModelEntry;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.tokens.PromptCounter;
import dev.shepherd.tokens.Tokenizer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /v1/tokenize}: how many prompt tokens a request body is for a model, counted
 * exactly as the gateway counts it for limits and context checks (chat template overhead
 * included). The body is a chat ({@code messages}), completions ({@code prompt}) or embeddings
 * ({@code input}) request; nothing is sent upstream and no limit is charged.
 */
final class TokenizeApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizeApi() {}

  /** Parses and counts on a virtual thread (bodies can be megabytes); answers on the event loop. */
  static void handle(HttpServerRequest req, KeyRecord key, Generation g, byte[] body) {
    Blocking.call(Vertx.currentContext(), () -> count(key, g, body)).onSuccess(out -> req.response()
        .putHeader("content-type", "application/json").end(out))
        .onFailure(e -> ErrorBodies.send(req.response(), ApiException.of(e)));
  }

  private static String count(KeyRecord key, Generation g, byte[] body) {
    Endpoint endpoint = endpointOf(body);
    ParsedRequest parsed = RequestParser.parse(endpoint, body);
    ModelEntry model = model(key, g, parsed.model());
    Tokenizer tokenizer = g.tokenizers().forModel(model.config());
    long n = PromptCounter.count(endpoint, body, tokenizer);
    return JSON.createObjectNode().put("object", "tokenize").put("model", model.id())
        .put("tokenizer", tokenizer.family()).put("exact", tokenizer.exact())
        .put("prompt_tokens", n).put("context_window", model.config().contextWindow()).toString();
  }

  /** The catalog entry {@code key} may count for; 404 otherwise (without saying whether it exists). */
  static ModelEntry model(KeyRecord key, Generation g, String id) {
    ModelEntry model = g.catalog().model(id);
    if (model == null || (key.models() != null && !key.models().contains(id))) {
      throw new ApiException(ErrorKind.MODEL_NOT_FOUND,
          "The model '" + id + "' does not exist or you do not have access to it.", "model");
    }
    return model;
  }

  /** Which request shape the body is: the first of messages, prompt, input it has. */
  private static Endpoint endpointOf(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      var node = JSON.readTree(text);
      if (node != null && node.has("messages")) {
        return Endpoint.CHAT;
      }
      if (node != null && node.has("prompt")) {
        return Endpoint.COMPLETIONS;
      }
      if (node != null && node.has("input")) {
        return Endpoint.EMBEDDINGS;
      }
    } catch (java.io.IOException e) {
      return Endpoint.CHAT; // the parser reports the JSON error precisely
    }
    throw new ApiException(ErrorKind.MISSING_PARAMETER,
        "Give the text to count as messages (chat), prompt (completions) or input (embeddings).", "messages");
  }
}
