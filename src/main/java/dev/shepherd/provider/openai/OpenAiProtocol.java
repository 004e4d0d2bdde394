package dev.shepherd.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.openai.BodyRewriter;
import dev.shepherd.config.ProviderConfig;
import dev.shepherd.inbound.ClientProtocol;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.provider.http.StreamRelay;
import dev.shepherd.provider.http.TranslatingRelay;
import dev.shepherd.provider.http.UpstreamProtocol;
import dev.shepherd.routing.Deployment;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.util.Set;

/**
 * Any OpenAI-compatible server (vLLM, SGLang, Ollama, llama.cpp, DeepSeek, OpenAI, the simulator):
 * the request is the client's bytes with {@code model} rewritten ({@link BodyRewriter}), sent with
 * {@code Authorization: Bearer}. For an OpenAI client the answer is relayed byte for byte (the fast
 * path: {@link SseRelay}, usage read in place); for any other client it is read as OpenAI chat
 * chunks ({@link OpenAiChunks}) and written in that client's protocol.
 */
public final class OpenAiProtocol implements UpstreamProtocol {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String authorization;

  public OpenAiProtocol(ProviderConfig p) {
    this.authorization = p.apiKey() == null || p.apiKey().isEmpty() ? null : "Bearer " + p.apiKey();
  }

  @Override
  public void headers(RequestOptions options) {
    if (authorization != null) {
      options.putHeader("authorization", authorization);
    }
  }

  @Override
  public String path(Exchange ex, Deployment deployment) {
    return ex.endpoint().path();
  }

  @Override
  public Buffer body(Exchange ex, Deployment deployment) {
    return BodyRewriter.rewrite(ex.parsed(), deployment.upstreamModel(), ex.maxTokensOverride());
  }

  @Override
  public boolean translates() {
    return false;
  }

  @Override
  public ApiException error(int status, long retryAfterMillis, byte[] body) {
    return UpstreamErrors.map(status, retryAfterMillis, Buffer.buffer(body));
  }

  @Override
  public Answer answer(Exchange ex, Deployment deployment, byte[] body, String contentType, ClientProtocol client) {
    Usage usage = UsageReader.read(body, 0, body.length).usage();
    if (client.openAi()) {
      return new Answer(Buffer.buffer(body), contentType == null ? "application/json" : contentType, usage);
    }
    JsonNode chat;
    try {
      chat = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("the upstream's answer is not JSON", e);
    }
    return new Answer(Buffer.buffer(client.answer(chat, ex.model().id())), "application/json", usage);
  }

  @Override
  public StreamRelay stream(Exchange ex, Deployment deployment, ClientProtocol client) {
    if (client.openAi()) {
      return new SseRelay(!ex.parsed().clientWantsUsage());
    }
    return new TranslatingRelay(new OpenAiChunks(),
        client.streamWriter(ex.requestId(), ex.model().id(), ex.promptTokens()), client.errors(), Set.of());
  }

  @Override
  public Usage usage(byte[] body) {
    return UsageReader.read(body, 0, body.length).usage();
  }
}
