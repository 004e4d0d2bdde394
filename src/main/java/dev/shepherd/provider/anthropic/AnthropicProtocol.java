package dev.shepherd.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.shepherd.translate.anthropic.AnthropicErrors;
import dev.shepherd.translate.anthropic.AnthropicRequests;
import dev.shepherd.translate.anthropic.AnthropicResponses;
import dev.shepherd.translate.anthropic.AnthropicToChatStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The Anthropic Messages API ({@code kind: anthropic}): {@code POST {base_url}/messages} with
 * {@code x-api-key} and {@code anthropic-version}. The chat request is translated by
 * {@link AnthropicRequests} (a request without {@code max_tokens} gets the provider's
 * {@code default_max_tokens}, never more than the deployment's window leaves); answers by
 * {@link AnthropicResponses} and {@link AnthropicToChatStream}, then written in the client's
 * protocol; errors by {@link AnthropicErrors} (529 {@code overloaded_error} fails over, 429 cools
 * the deployment down). {@code message_start}, {@code ping} and {@code content_block_start} are a
 * stream's opening: an error right after them still fails over.
 */
public final class AnthropicProtocol implements UpstreamProtocol {
  private static final Set<String> OPENING = Set.of("message_start", "ping", "content_block_start");
  private final String apiKey;
  private final String version;
  private final long defaultMaxTokens;

  public AnthropicProtocol(ProviderConfig p) {
    this.apiKey = p.apiKey();
    this.version = p.anthropicVersion().isEmpty() ? ProviderConfig.DEFAULT_ANTHROPIC_VERSION : p.anthropicVersion();
    this.defaultMaxTokens = p.defaultMaxTokens() > 0 ? p.defaultMaxTokens() : ProviderConfig.DEFAULT_MAX_TOKENS;
  }

  @Override
  public void headers(RequestOptions options) {
    if (!apiKey.isEmpty()) {
      options.putHeader("x-api-key", apiKey);
    }
    options.putHeader("anthropic-version", version);
  }

  @Override
  public String path(Exchange ex, Deployment deployment) {
    return "/messages";
  }

  @Override
  public Buffer body(Exchange ex, Deployment deployment) {
    long room = Math.max(1, deployment.contextWindow() - ex.promptTokens());
    return ChatTrees.bytes(AnthropicRequests.fromChat(ChatTrees.request(ex), deployment.upstreamModel(),
        Math.min(defaultMaxTokens, room), deployment.dropParams()));
  }

  @Override
  public boolean translates() {
    return true;
  }

  @Override
  public ApiException error(int status, long retryAfterMillis, byte[] body) {
    return AnthropicErrors.exception(status, new String(body, StandardCharsets.UTF_8), retryAfterMillis);
  }

  @Override
  public Answer answer(Exchange ex, Deployment deployment, byte[] body, String contentType, ClientProtocol client) {
    JsonNode message = ChatTrees.read(body);
    JsonNode chat = AnthropicResponses.toChat(message, ex.model().id(), "chatcmpl-" + ex.requestId(),
        System.currentTimeMillis() / 1000);
    return new Answer(Buffer.buffer(client.answer(chat, ex.model().id())), "application/json",
        AnthropicResponses.usage(message));
  }

  @Override
  public StreamRelay stream(Exchange ex, Deployment deployment, ClientProtocol client) {
    boolean usage = !client.openAi() || ex.parsed().clientWantsUsage();
    return new TranslatingRelay(
        new AnthropicToChatStream("chatcmpl-" + ex.requestId(), ex.model().id(), System.currentTimeMillis() / 1000, usage),
        client.streamWriter(ex.requestId(), ex.model().id(), ex.promptTokens()), client.errors(), OPENING);
  }

  @Override
  public Usage usage(byte[] body) {
    JsonNode message = ChatTrees.tryRead(body);
    return message == null ? Usage.NONE : AnthropicResponses.usage(message);
  }
}
