package dev.shepherd.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.api.openai.Endpoint;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * o200k and cl100k: JTokkit implements tiktoken's ranks, so instead of a second implementation
 * these check counts published by OpenAI: tiktoken's own tests ({@code tests/test_encoding.py}:
 * {@code test_simple}, {@code test_simple_regex}, {@code test_basic_encode},
 * {@code test_encode_surrogate_pairs}) and the OpenAI cookbook notebook "How to count tokens with
 * tiktoken" (section 5's example strings; section 6's example conversation, whose count the
 * notebook shows matching the API's {@code prompt_tokens}: 129 on gpt-4, 124 on gpt-4o).
 */
class OpenAiCountsTest {
  private final Tokenizer o200k = TokenizerFiles.tokenizers().family("o200k");
  private final Tokenizer cl100k = TokenizerFiles.tokenizers().family("cl100k");

  @Test
  void tiktokenTestsCl100k() {
    assertEquals(2, cl100k.count("hello world"));
    assertEquals(1, cl100k.count("rer"));
    assertEquals(2, cl100k.count("'rer"));
    assertEquals(3, cl100k.count("today\n "));
    assertEquals(2, cl100k.count("today\n \n"));
    assertEquals(2, cl100k.count("today\n  \n"));
    assertEquals(4, cl100k.count(" \u00850"));
    assertEquals(3, cl100k.count("👍"));
  }

  @Test
  void cookbookExampleStrings() {
    assertEquals(6, cl100k.count("tiktoken is great!"));
    assertEquals(6, o200k.count("tiktoken is great!"));
    assertEquals(6, cl100k.count("antidisestablishmentarianism"));
    assertEquals(6, o200k.count("antidisestablishmentarianism"));
    assertEquals(7, cl100k.count("2 + 2 = 4"));
    assertEquals(7, o200k.count("2 + 2 = 4"));
    assertEquals(9, cl100k.count("お誕生日おめでとう"));
    assertEquals(8, o200k.count("お誕生日おめでとう"));
  }

  @Test
  void cookbookConversationMatchesTheApi() {
    byte[] body = """
        {"model":"gpt-4o","messages":[
         {"role":"system","content":"You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
         {"role":"system","name":"example_user","content":"New synergies will help drive top-line growth."},
         {"role":"system","name":"example_assistant","content":"Things working well together will increase revenue."},
         {"role":"system","name":"example_user","content":"Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
         {"role":"system","name":"example_assistant","content":"Let's talk later when we're less busy about how to do better."},
         {"role":"user","content":"This late pivot means we don't have time to boil the ocean for the client deliverable."}]}
        """.getBytes(StandardCharsets.UTF_8);
    assertEquals(124, PromptCounter.count(Endpoint.CHAT, body, o200k));
    assertEquals(129, PromptCounter.count(Endpoint.CHAT, body, cl100k));
  }

  @Test
  void specialTokenTextIsOrdinaryText() {
    // tiktoken's encode_ordinary: "<|endoftext|>" is several ordinary tokens, and counting never throws.
    assertTrue(cl100k.count("hello <|endoftext|>") > 3);
    assertTrue(o200k.count("<|endoftext|><|endofprompt|>") > 2);
  }

  @Test
  void emptyAndNull() {
    assertEquals(0, o200k.count(""));
    assertEquals(0, o200k.count(null));
    assertTrue(o200k.exact() && cl100k.exact());
  }
}
