package dev.shepherd.tokens;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.GptBytePairEncodingParams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a Hugging Face {@code tokenizer.json} of a byte-level BPE model (Qwen 2/2.5/3, Llama 3/4)
 * into a JTokkit encoding: {@code model.vocab} strings (GPT-2 byte-level form, see
 * {@link ByteLevel}) become byte sequences ranked by their id, the {@code Split} pre-tokenizer
 * regex becomes the encoding's pattern ({@link SplitPattern}), {@code added_tokens} are split out
 * before encoding ({@link AddedTokens}) and Unicode normalizers run on the rest.
 *
 * <p>JTokkit, like tiktoken, merges the adjacent pair whose merged bytes have the lowest rank;
 * Hugging Face BPE merges the pair listed first in {@code model.merges}. The two agree when the
 * merges are listed in increasing order of the merged token's id, which this loader checks
 * (Qwen 3: merge <i>i</i> yields id 256 + <i>i</i>; Llama 3: 280,147 merges, several per token,
 * in non-decreasing result id) and refuses the file otherwise. What the loader does not support
 * (byte fallback, word prefixes/suffixes, other pre-tokenizers or normalizers) is refused with a
 * {@link TokenizerException} naming the family, the file and the key.
 */
final class TokenizerJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TokenizerJson() {}

  /** Reads {@code file} and registers its encoding in {@code registry} under {@code family}. */
  static HfTokenizer load(String family, Path file, EncodingRegistry registry) {
    String where = "tokenizer " + family + " (" + file + ")";
    if (!Files.isRegularFile(file)) {
      throw new TokenizerException(where + ": no such file");
    }
    Parts parts;
    try (InputStream in = Files.newInputStream(file); JsonParser p = MAPPER.createParser(in)) {
      parts = read(p);
    } catch (IOException e) {
      throw new TokenizerException(where + ": not a readable tokenizer.json: " + e.getMessage(), e);
    }
    try {
      return build(family, parts, registry);
    } catch (TokenizerException e) {
      throw new TokenizerException(where + ": " + e.getMessage(), e);
    }
  }

  /** The pieces of the file this loader uses. */
  private static final class Parts {
    JsonNode addedTokens;
    JsonNode normalizer;
    JsonNode preTokenizer;
    String modelType;
    boolean byteFallback;
    String affixes = "";
    final Map<String, Integer> vocab = new HashMap<>();
    final List<String> mergeResults = new ArrayList<>();
    boolean sawModel;
  }

  private static Parts read(JsonParser p) throws IOException {
    Parts parts = new Parts();
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("expected a JSON object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "added_tokens" -> parts.addedTokens = p.readValueAsTree();
        case "normalizer" -> parts.normalizer = p.readValueAsTree();
        case "pre_tokenizer" -> parts.preTokenizer = p.readValueAsTree();
        case "model" -> readModel(p, parts);
        default -> p.skipChildren();
      }
    }
    return parts;
  }

  private static void readModel(JsonParser p, Parts parts) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IOException("model: expected an object");
    }
    parts.sawModel = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "type" -> parts.modelType = p.getValueAsString();
        case "byte_fallback" -> parts.byteFallback = t == JsonToken.VALUE_TRUE;
        case "continuing_subword_prefix", "end_of_word_suffix" -> {
          if (t == JsonToken.VALUE_STRING && !p.getText().isEmpty()) {
            parts.affixes = "model." + name + " \"" + p.getText() + "\"";
          }
        }
        case "vocab" -> readVocab(p, parts.vocab);
        case "merges" -> readMerges(p, parts.mergeResults);
        default -> p.skipChildren();
      }
    }
  }

  private static void readVocab(JsonParser p, Map<String, Integer> vocab) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IOException("model.vocab: expected an object of token → id");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String token = p.currentName();
      if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
        throw new IOException("model.vocab: id of \"" + token + "\" is not an integer");
      }
      vocab.put(token, p.getIntValue());
    }
  }

  /** Each merge as the vocabulary string it produces (the two parts concatenated). */
  private static void readMerges(JsonParser p, List<String> results) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new IOException("model.merges: expected an array");
    }
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_STRING) {
        String m = p.getText();
        int space = m.indexOf(' ');
        if (space < 0) {
          throw new IOException("model.merges[" + results.size() + "]: \"" + m + "\" is not two tokens");
        }
        results.add(m.substring(0, space) + m.substring(space + 1));
      } else if (t == JsonToken.START_ARRAY) {
        StringBuilder sb = new StringBuilder();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
          sb.append(p.getText());
        }
        results.add(sb.toString());
      } else {
        throw new IOException("model.merges[" + results.size() + "]: expected a string or a pair");
      }
    }
  }

  private static HfTokenizer build(String family, Parts parts, EncodingRegistry registry) {
    if (!parts.sawModel || parts.vocab.isEmpty()) {
      throw new TokenizerException("model.vocab is missing or empty");
    }
    if (parts.modelType != null && !parts.modelType.equals("BPE")) {
      throw new TokenizerException("model.type \"" + parts.modelType + "\" is not supported (expected: BPE)");
    }
    if (parts.byteFallback) {
      throw new TokenizerException("model.byte_fallback true is not supported (expected: a byte-level BPE)");
    }
    if (!parts.affixes.isEmpty()) {
      throw new TokenizerException(parts.affixes + " is not supported (expected: none)");
    }
    List<AddedTokens.Token> added = new ArrayList<>();
    Set<Integer> addedIds = new HashSet<>();
    readAddedTokens(parts.addedTokens, added, addedIds);
    Map<byte[], Integer> ranks = ranks(parts.vocab, addedIds);
    checkMergeOrder(parts.vocab, parts.mergeResults);
    var normalizers = Normalizers.of(parts.normalizer);
    var pattern = PreTokenizers.pattern(parts.preTokenizer);
    registry.registerGptBytePairEncoding(new GptBytePairEncodingParams(family, pattern, ranks, Map.of()));
    var encoding = registry.getEncoding(family).orElseThrow();
    return new HfTokenizer(family, encoding, normalizers, new AddedTokens(added));
  }

  private static void readAddedTokens(JsonNode node, List<AddedTokens.Token> out, Set<Integer> ids) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isArray()) {
      throw new TokenizerException("added_tokens is not an array");
    }
    for (JsonNode t : node) {
      String content = t.path("content").asText("");
      if (content.isEmpty() || !t.path("id").canConvertToInt()) {
        throw new TokenizerException("added_tokens: an entry without content or id: " + t);
      }
      ids.add(t.path("id").asInt());
      out.add(new AddedTokens.Token(content, t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false)));
    }
  }

  /** Vocabulary bytes → id; every single byte must be there (or some text could not be encoded). */
  private static Map<byte[], Integer> ranks(Map<String, Integer> vocab, Set<Integer> addedIds) {
    Map<byte[], Integer> ranks = new LinkedHashMap<>(vocab.size() * 2);
    boolean[] singleBytes = new boolean[256];
    String foreign = null;
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      byte[] bytes = ByteLevel.decode(e.getKey());
      if (bytes == null || bytes.length == 0) {
        if (!addedIds.contains(e.getValue()) && foreign == null) {
          foreign = e.getKey();
        }
        continue;
      }
      if (bytes.length == 1) {
        singleBytes[bytes[0] & 0xFF] = true;
      }
      ranks.put(bytes, e.getValue());
    }
    if (foreign != null) {
      throw new TokenizerException("model.vocab: \"" + foreign + "\" is not a byte-level token"
          + " (expected: a byte-level BPE vocabulary such as Qwen's or Llama 3's)");
    }
    for (int b = 0; b < 256; b++) {
      if (!singleBytes[b]) {
        throw new TokenizerException("model.vocab: no token for byte 0x" + Integer.toHexString(b)
            + " (expected: all 256 single bytes)");
      }
    }
    return ranks;
  }

  private static void checkMergeOrder(Map<String, Integer> vocab, List<String> mergeResults) {
    int previous = -1;
    for (int i = 0; i < mergeResults.size(); i++) {
      Integer id = vocab.get(mergeResults.get(i));
      if (id == null) {
        throw new TokenizerException("model.merges[" + i + "] makes \"" + mergeResults.get(i)
            + "\", which is not in model.vocab");
      }
      if (id < previous) {
        throw new TokenizerException("model.merges[" + i + "] makes id " + id + " after id " + previous
            + " (expected: merges in increasing order of the merged token's id, so that rank-based BPE"
            + " reproduces them)");
      }
      previous = id;
    }
  }
}
