package dev.shepherd.tokens;

/**
 * Counts tokens for one family. Thread-safe, never blocks on I/O, never touches the network.
 *
 * <p>{@link #count} counts a text as the family's tokenizer encodes it with no template and no
 * added begin/end tokens. For families loaded from a Hugging Face {@code tokenizer.json}, the
 * file's added tokens (e.g. {@code <|im_start|>}) count as one token each where they appear in
 * the text, as upstream servers tokenize a rendered chat template; for {@code o200k} and
 * {@code cl100k}, special-token text is ordinary text, as the OpenAI API treats message content.
 */
public interface Tokenizer {
  /** The family this tokenizer counts for: {@code o200k}, {@code cl100k}, {@code qwen3}, … */
  String family();

  /** True when counts are the family's real tokenizer; false for the conservative estimate. */
  boolean exact();

  /** Tokens of {@code text} ({@code null} or empty: 0). */
  int count(String text);
}
