package dev.shepherd.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A gateway in front of an {@link AnthropicFake}, a {@link GeminiFake} and an OpenAI-compatible
 * {@link FakeUpstream}, for one test class. Models: {@code claude} (anthropic, upstream
 * {@code claude-sonnet-4-5}), {@code gemini} (gemini, upstream {@code gemini-2.5-flash}),
 * {@code claude-then-openai} (anthropic first, the OpenAI fake at priority 1), {@code claude-drops}
 * (anthropic, dropping {@code logprobs} and {@code top_logprobs}), and {@code gpt}
 * (the OpenAI fake). Each test starts with closed breakers and no cooldowns.
 */
public final class TranslatedGateway implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private AnthropicFake anthropic;
  private GeminiFake gemini;
  private FakeUpstream openai;
  private TestGateway gateway;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    anthropic = new AnthropicFake();
    gemini = new GeminiFake();
    openai = new FakeUpstream();
    gateway = TestGateway.start("""
        server: {port: 0, event_loops: 2}
        store: {url: "STORE_URL"}
        providers:
          - {name: claude-api, kind: anthropic, base_url: "%s", api_key: %s, timeouts: %s}
          - {name: gemini-api, kind: gemini, base_url: "%s", api_key: %s, timeouts: %s}
          - {name: relay, kind: openai, base_url: "%s", api_key: relay-key, timeouts: %s}
        models:
          - id: claude
            context_window: 200000
            price: {input_per_mtok: 3, output_per_mtok: 15}
            deployments: [{provider: claude-api, model: claude-sonnet-4-5}]
          - id: gemini
            context_window: 1000000
            price: {input_per_mtok: 0.3, output_per_mtok: 2.5}
            deployments: [{provider: gemini-api, model: gemini-2.5-flash}]
          - id: claude-then-openai
            context_window: 200000
            price: {input_per_mtok: 3, output_per_mtok: 15}
            deployments: [{provider: claude-api, model: claude-sonnet-4-5}, {provider: relay, model: relay-model, priority: 1}]
          - id: claude-drops
            context_window: 200000
            price: {input_per_mtok: 3, output_per_mtok: 15}
            deployments: [{provider: claude-api, model: claude-sonnet-4-5, drop_params: [logprobs, top_logprobs]}]
          - id: gpt
            context_window: 100000
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments: [{provider: relay, model: relay-model}]
        """.formatted(anthropic.baseUrl(), AnthropicFake.KEY, TestGateway.RELAXED, gemini.baseUrl(), GeminiFake.KEY,
        TestGateway.RELAXED, openai.baseUrl(), TestGateway.RELAXED));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    gateway.server().resetRouting();
    anthropic.text("Hello from Claude");
    gemini.text("Hello from Gemini");
    openai.json(200, Chunks.completion("relay-model", "hello from the relay"));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    gateway.close();
    anthropic.close();
    gemini.close();
    openai.close();
  }

  public AnthropicFake anthropic() {
    return anthropic;
  }

  public GeminiFake gemini() {
    return gemini;
  }

  public FakeUpstream openai() {
    return openai;
  }

  public TestGateway gateway() {
    return gateway;
  }
}
