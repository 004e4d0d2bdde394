package dev.shepherd.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.shepherd.observe.LineSink;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The 429 contract as the official openai-java SDK sees it: with its default retries, a request
 * refused by a tight RPM limit is retried after the gateway's {@code retry-after-ms} and succeeds,
 * with no code in the client.
 */
class SdkBackoffTest {

  @Test
  void theSdkBacksOffFromA429AndSucceeds() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (FakeUpstream upstream = new FakeUpstream();
        TestGateway g = TestGateway.start(TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED),
            new LineSink(log, 10, 10_000))) {
      upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
      // 60 per minute: a burst of 60, then one more every second.
      String created = Http.post(g.baseUrl().replace("/v1", "/admin/v1/keys"), TestGateway.ADMIN_KEY,
          "{\"name\":\"tight\",\"rpm\":60}").body();
      String key = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created).get("key").asText();
      String body = "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      int drained = 0;
      int sent = 1; // the refused one that ends the loop
      while (Http.post(g.baseUrl() + "/chat/completions", key, body).statusCode() == 200) {
        drained++;
        sent++;
        assertTrue(drained < 1_000, "the limit never refused");
      }
      // Wait for the next refill and take it: the following one is then about a second away,
      // so the SDK's first attempt is refused whatever this machine's pauses.
      while (Http.post(g.baseUrl() + "/chat/completions", key, body).statusCode() != 200) {
        sent++;
        Thread.sleep(5);
      }
      sent++;
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (log.toString(StandardCharsets.UTF_8).lines().count() < sent && System.nanoTime() < deadline) {
        g.server().flushObservers(); // every line of what came before is in the access log
        Thread.sleep(5);
      }
      int mark = log.size();
      OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(g.baseUrl()).apiKey(key).build(); // default retries
      long start = System.nanoTime();
      ChatCompletion c = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("test-model").addUserMessage("hi").build());
      long millis = (System.nanoTime() - start) / 1_000_000;
      sdk.close();
      assertEquals("ok", c.choices().get(0).message().content().orElseThrow());
      int expected = sent + 2; // at least one refusal, then the success
      deadline = System.nanoTime() + 5_000_000_000L;
      while (log.toString(StandardCharsets.UTF_8).lines().count() < expected && System.nanoTime() < deadline) {
        g.server().flushObservers();
        Thread.sleep(5);
      }
      Thread.sleep(50); // and nothing more arrives
      String sdkLines = new String(log.toByteArray(), mark, log.size() - mark, StandardCharsets.UTF_8);
      long refused = sdkLines.lines().filter(l -> l.contains("\"status\":429")).count();
      long served = sdkLines.lines().filter(l -> l.contains("\"status\":200")).count();
      assertTrue(refused >= 1, "the SDK's first attempt was refused: " + sdkLines);
      assertEquals(1, served, "then its retry was served");
      assertTrue(millis >= 500, "the SDK waited for retry-after-ms before retrying: " + millis + " ms");
    }
  }
}
