package dev.shepherd.tokens;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The tokenizer families Shepherd counts for, by their configuration names, and the rule that
 * infers a family from a model id when the configuration names none.
 */
public enum Family {
  /** OpenAI {@code o200k_base} (GPT-4o, GPT-4.1, GPT-5, o-series); built in (JTokkit). */
  O200K("o200k", false),
  /** OpenAI {@code cl100k_base} (GPT-4, GPT-3.5); built in (JTokkit). */
  CL100K("cl100k", false),
  /** Qwen 3 (and Qwen 2/2.5, same vocabulary) from its {@code tokenizer.json}. */
  QWEN3("qwen3", true),
  /** Llama 3.x from its {@code tokenizer.json}. */
  LLAMA3("llama3", true),
  /** Llama 4 from its {@code tokenizer.json}. */
  LLAMA4("llama4", true),
  /** No tokenizer: the conservative byte-based estimate. */
  ESTIMATE("estimate", false);

  private final String id;
  private final boolean takesFile;

  Family(String id, boolean takesFile) {
    this.id = id;
    this.takesFile = takesFile;
  }

  /** The configuration name. */
  public String id() {
    return id;
  }

  /** True when the family is counted exactly only with an operator-supplied {@code tokenizer.json}. */
  public boolean takesFile() {
    return takesFile;
  }

  /** The family named {@code name} (exact, lower case), or {@code null}. */
  public static Family of(String name) {
    for (Family f : values()) {
      if (f.id.equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** Every family name, in declaration order, e.g. for error messages. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Family::id).toList();
  }

  /** The names of the families that take a {@code tokenizer.json} file. */
  public static List<String> fileNames() {
    return Arrays.stream(values()).filter(Family::takesFile).map(Family::id).toList();
  }

  /**
   * The family of a model id, case-insensitively: the OpenAI rules look at the last path segment
   * ({@code openai/gpt-4o} is {@code gpt-4o}), the open-weight rules at the whole id.
   * {@code gpt-4o*}, {@code gpt-4.1*}, {@code gpt-5*}, {@code o1*}, {@code o3*}, {@code o4*} →
   * o200k; {@code gpt-4*}, {@code gpt-3.5*} → cl100k; {@code *qwen*} → qwen3; {@code *llama-4*},
   * {@code *llama4*} → llama4; {@code *llama-2*}, {@code *llama2*} → estimate (a different,
   * SentencePiece vocabulary); other {@code *llama*} → llama3; anything else → estimate.
   */
  public static Family infer(String modelId) {
    String id = modelId == null ? "" : modelId.toLowerCase(Locale.ROOT);
    String last = id.substring(id.lastIndexOf('/') + 1);
    if (startsWithAny(last, "gpt-4o", "gpt-4.1", "gpt-5", "o1", "o3", "o4")) {
      return O200K;
    }
    if (startsWithAny(last, "gpt-4", "gpt-3.5")) {
      return CL100K;
    }
    if (id.contains("qwen")) {
      return QWEN3;
    }
    if (id.contains("llama-4") || id.contains("llama4")) {
      return LLAMA4;
    }
    if (id.contains("llama-2") || id.contains("llama2")) {
      return ESTIMATE;
    }
    if (id.contains("llama")) {
      return LLAMA3;
    }
    return ESTIMATE;
  }

  private static boolean startsWithAny(String s, String... prefixes) {
    for (String p : prefixes) {
      if (s.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
