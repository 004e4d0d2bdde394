package dev.shepherd.tokens;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * A {@code tokenizer.json}'s {@code added_tokens}: split out of the text before the model runs,
 * each occurrence one token, as Hugging Face tokenizers do — at each position the longest added
 * token that matches wins, scanning left to right. {@code lstrip}/{@code rstrip} tokens also
 * swallow the white space on that side. Immutable and thread-safe.
 */
final class AddedTokens {
  /** One added token. */
  record Token(String content, boolean lstrip, boolean rstrip) {}

  static final AddedTokens NONE = new AddedTokens(List.of());

  private final BitSet firstChars = new BitSet();
  private final Map<Character, Token[]> byFirstChar = new HashMap<>();

  AddedTokens(List<Token> tokens) {
    Map<Character, List<Token>> groups = new HashMap<>();
    for (Token t : tokens) {
      if (t.content().isEmpty()) {
        continue;
      }
      char c = t.content().charAt(0);
      firstChars.set(c);
      groups.computeIfAbsent(c, k -> new ArrayList<>()).add(t);
    }
    groups.forEach((c, list) -> {
      list.sort(Comparator.comparingInt((Token t) -> t.content().length()).reversed());
      byFirstChar.put(c, list.toArray(Token[]::new));
    });
  }

  /** How many added tokens there are to look for. */
  int size() {
    return byFirstChar.values().stream().mapToInt(a -> a.length).sum();
  }

  /** Tokens of {@code text}: 1 per added token plus {@code segment} of each stretch between them. */
  int count(String text, ToIntFunction<String> segment) {
    if (byFirstChar.isEmpty()) {
      return segment.applyAsInt(text);
    }
    int total = 0;
    int start = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      Token t = firstChars.get(text.charAt(i)) ? match(text, i) : null;
      if (t == null) {
        i++;
        continue;
      }
      int end = i;
      if (t.lstrip()) {
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
          end--;
        }
      }
      if (end > start) {
        total += segment.applyAsInt(text.substring(start, end));
      }
      total++;
      i += t.content().length();
      if (t.rstrip()) {
        while (i < n && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
      }
      start = i;
    }
    if (start < n) {
      total += segment.applyAsInt(start == 0 ? text : text.substring(start));
    }
    return total;
  }

  private Token match(String text, int at) {
    for (Token t : byFirstChar.get(text.charAt(at))) {
      if (text.startsWith(t.content(), at)) {
        return t;
      }
    }
    return null;
  }
}
