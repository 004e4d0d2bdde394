package dev.shepherd.provider.openai;

import dev.shepherd.api.ErrorKind;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.translate.StreamTranslator;
import dev.shepherd.translate.UpstreamStreamError;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An OpenAI-compatible upstream's stream as chunk payloads, for clients that need them translated
 * ({@code /v1/messages}): each chunk is passed on unchanged, {@code [DONE]} completes the stream,
 * an error payload ({@code {"error":…}}) throws, and usage is read from the chunk that carries it.
 * The upstream's error text is not passed on: it can name hosts or keys.
 */
final class OpenAiChunks implements StreamTranslator {
  private boolean done;
  private Usage usage = Usage.NONE;

  @Override
  public void event(String type, String data, Consumer<String> out) {
    String d = data.strip();
    if (d.equals("[DONE]")) {
      done = true;
      return;
    }
    if (d.startsWith("{\"error\"")) {
      throw new UpstreamStreamError(ErrorKind.UPSTREAM_ERROR, "error", "The upstream reported an error mid-stream.");
    }
    if (d.contains("\"usage\":{") || d.contains("\"usage\": {")) {
      byte[] b = d.getBytes(StandardCharsets.UTF_8);
      UsageReader.Result r = UsageReader.read(b, 0, b.length);
      if (r.usage().reported()) {
        usage = r.usage();
      }
    }
    out.accept(d);
  }

  @Override
  public void end(Consumer<String> out) {
    // [DONE] is the writer's to write, in the client's protocol.
  }

  @Override
  public boolean complete() {
    return done;
  }

  @Override
  public Usage usage() {
    return usage;
  }
}
