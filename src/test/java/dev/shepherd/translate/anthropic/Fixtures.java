package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test helper for the golden fixtures under {@code src/test/resources/fixtures/anthropic}. Run a
 * golden test with {@code -Dgolden.update=true} to rewrite the expected parts from the current
 * code, then review the diff.
 */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path SOURCE = Path.of("src/test/resources/fixtures/anthropic");

  private Fixtures() {}

  static boolean updating() {
    return Boolean.getBoolean("golden.update");
  }

  static String read(String relative) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/anthropic/" + relative)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture: " + relative);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode readJson(String relative) {
    try {
      return JSON.readTree(read(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names (without {@code suffix}) of the fixtures in {@code dir} ending with {@code suffix}, sorted. */
  static List<String> names(String dir, String suffix) {
    URL url = Fixtures.class.getResource("/fixtures/anthropic/" + dir);
    if (url == null) {
      throw new IllegalStateException("missing fixture directory: " + dir);
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
          .map(n -> n.substring(0, n.length() - suffix.length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a fixture into the source tree (golden update only). */
  static void write(String relative, String content) {
    try {
      Files.writeString(SOURCE.resolve(relative), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String pretty(JsonNode node) {
    try {
      return JSON.writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
