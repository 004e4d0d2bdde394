package dev.shepherd.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shepherd.api.ApiException;
import dev.shepherd.config.ProviderConfig;
import dev.shepherd.inbound.ClientProtocol;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.provider.http.ChatTrees;
import dev.shepherd.provider.http.StreamRelay;
import dev.shepherd.provider.http.TranslatingRelay;
import dev.shepherd.provider.http.UpstreamProtocol;
import dev.shepherd.routing.Deployment;
import dev.shepherd.translate.gemini.GeminiErrors;
import dev.shepherd.translate.gemini.GeminiRequests;
import dev.shepherd.translate.gemini.GeminiResponses;
import dev.shepherd.translate.gemini.GeminiToChatStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The Gemini API ({@code kind: gemini}): {@code POST {base_url}/models/{model}:generateContent}, or
 * {@code :streamGenerateContent?alt=sse} for streams, with {@code x-goog-api-key}. The chat request
 * is translated by {@link GeminiRequests} (the model goes in the URL), answers by
 * {@link GeminiResponses} and {@link GeminiToChatStream}, then written in the client's protocol;
 * errors by {@link GeminiErrors} (429 {@code RESOURCE_EXHAUSTED} cools the deployment down for the
 * {@code Retry-After} header or the body's {@code retryDelay}).
 */
public final class GeminiProtocol implements UpstreamProtocol {
  private final String apiKey;

  public GeminiProtocol(ProviderConfig p) {
    this.apiKey = p.apiKey();
  }

  @Override
  public void headers(RequestOptions options) {
    if (!apiKey.isEmpty()) {
      options.putHeader("x-goog-api-key", apiKey);
    }
  }

  @Override
  public String path(Exchange ex, Deployment deployment) {
    String model = deployment.upstreamModel();
    if (model.startsWith("models/")) {
      model = model.substring("models/".length());
    }
    String name = URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20");
    return "/models/" + name + (ex.parsed().stream() ? ":streamGenerateContent?alt=sse" : ":generateContent");
  }

  @Override
  public Buffer body(Exchange ex, Deployment deployment) {
    return ChatTrees.bytes(GeminiRequests.fromChat(ChatTrees.request(ex), deployment.dropParams(), deployment.upstreamModel()));
  }

  @Override
  public boolean translates() {
    return true;
  }

  @Override
  public ApiException error(int status, long retryAfterMillis, byte[] body) {
    JsonNode error = ChatTrees.tryRead(body);
    return GeminiErrors.toApiException(status, error == null ? JsonNodeFactory.instance.objectNode() : error,
        retryAfterMillis);
  }

  @Override
  public Answer answer(Exchange ex, Deployment deployment, byte[] body, String contentType, ClientProtocol client) {
    JsonNode response = ChatTrees.read(body);
    JsonNode chat = GeminiResponses.toChat(response, ex.model().id(), "chatcmpl-" + ex.requestId(),
        System.currentTimeMillis() / 1000);
    return new Answer(Buffer.buffer(client.answer(chat, ex.model().id())), "application/json",
        GeminiResponses.usage(response));
  }

  @Override
  public StreamRelay stream(Exchange ex, Deployment deployment, ClientProtocol client) {
    boolean usage = !client.openAi() || ex.parsed().clientWantsUsage();
    return new TranslatingRelay(
        new GeminiToChatStream("chatcmpl-" + ex.requestId(), ex.model().id(), System.currentTimeMillis() / 1000, usage),
        client.streamWriter(ex.requestId(), ex.model().id(), ex.promptTokens()), client.errors(), Set.of());
  }

  @Override
  public Usage usage(byte[] body) {
    JsonNode response = ChatTrees.tryRead(body);
    return response == null ? Usage.NONE : GeminiResponses.usage(response);
  }
}
