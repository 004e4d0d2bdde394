package dev.shepherd.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The shared texts ({@code tokens/texts.json}) and chat bodies ({@code tokens/chats.json}). */
final class SharedTexts {
  record Text(String id, String kind, String text) {}

  record Chat(String id, byte[] body) {}

  static final String TEXTS = "src/test/resources/tokens/texts.json";
  static final String CHATS = "src/test/resources/tokens/chats.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SharedTexts() {}

  static List<Text> texts() {
    List<Text> out = new ArrayList<>();
    for (JsonNode t : read("/tokens/texts.json").path("texts")) {
      out.add(new Text(t.path("id").asText(), t.path("kind").asText(), t.path("text").asText()));
    }
    return out;
  }

  static List<Chat> chats() {
    List<Chat> out = new ArrayList<>();
    try {
      for (JsonNode c : read("/tokens/chats.json").path("chats")) {
        out.add(new Chat(c.path("id").asText(), JSON.writeValueAsBytes(c.path("body"))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static JsonNode read(String resource) {
    try (InputStream in = SharedTexts.class.getResourceAsStream(resource)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
