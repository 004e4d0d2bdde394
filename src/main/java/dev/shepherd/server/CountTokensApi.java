package dev.shepherd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.api.openai.RequestParser;
import dev.shepherd.inbound.ClientProtocol;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.pipeline.Generation;
import dev.shepherd.routing.ModelEntry;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.tokens.PromptCounter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/**
 * {@code POST /v1/messages/count_tokens} (Anthropic): {@code {"input_tokens": N}} for a Messages
 * request, counted exactly as {@code /v1/messages} counts it for limits and context checks: the
 * request translated to a chat request, then the model's tokenizer with its chat template.
 * {@code max_tokens} is optional here, as in Anthropic's API. Nothing is sent upstream and no limit
 * is charged; errors are Anthropic-shaped.
 */
final class CountTokensApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CountTokensApi() {}

  /** Translates and counts on a virtual thread (bodies can be megabytes); answers on the event loop. */
  static void handle(HttpServerRequest req, KeyRecord key, Generation g, byte[] body) {
    Blocking.call(Vertx.currentContext(), () -> count(key, g, body))
        .onSuccess(out -> req.response().putHeader("content-type", "application/json").end(out))
        .onFailure(e -> ErrorBodies.send(req.response(), ApiException.of(e), ClientProtocol.ANTHROPIC.errors()));
  }

  private static String count(KeyRecord key, Generation g, byte[] body) throws IOException {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (IOException e) {
      throw new ApiException(ErrorKind.INVALID_JSON, "malformed JSON in request body");
    }
    if (tree instanceof ObjectNode o && !o.has("max_tokens")) {
      o.put("max_tokens", 1); // required by /v1/messages, not by count_tokens; it does not change the count
    }
    byte[] chat = ClientProtocol.ANTHROPIC.toOpenAi(JSON.writeValueAsBytes(tree));
    ModelEntry model = TokenizeApi.model(key, g, RequestParser.parse(Endpoint.CHAT, chat).model());
    long n = PromptCounter.count(Endpoint.CHAT, chat, g.tokenizers().forModel(model.config()));
    return JSON.createObjectNode().put("input_tokens", n).toString();
  }
}
