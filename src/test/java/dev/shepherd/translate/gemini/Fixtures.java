package dev.shepherd.translate.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The golden fixtures under src/test/resources/fixtures/gemini. Each file holds its input and the
 * expected output. Run with {@code -Dgolden.write=true} to (re)write the expected parts from the
 * code's output; then review every diff before committing: the fixtures are the proof.
 */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final Path ROOT = Path.of("src/test/resources/fixtures/gemini");
  static final boolean WRITE = Boolean.getBoolean("golden.write");

  private Fixtures() {}

  /** File names (without extension) in {@code dir} ending in {@code suffix}. */
  static List<String> names(String dir, String suffix) {
    try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
      List<String> out = new ArrayList<>();
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted()
          .forEach(n -> out.add(n.substring(0, n.length() - suffix.length())));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String dir, String file) {
    try {
      return (ObjectNode) JSON.readTree(ROOT.resolve(dir).resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String dir, String file) {
    try {
      return Files.readString(ROOT.resolve(dir).resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(String dir, String file, JsonNode node) {
    try {
      Files.writeString(ROOT.resolve(dir).resolve(file), JSON.writeValueAsString(node) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tree re-read from its text, so number node types compare equal to parsed fixtures. */
  static JsonNode normalized(JsonNode n) {
    try {
      return JSON.readTree(JSON.writeValueAsString(n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String pretty(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
