package dev.shepherd.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.shepherd.api.openai.Endpoint;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Loading every tokenizer and counting never touches the network: JTokkit's rank files are
 * resources inside its jar, tokenizer.json files are local paths. While this test loads them
 * afresh and counts, a recording {@link ProxySelector} sees every URL connection and
 * {@link java.net.Socket} connect the JVM attempts, and JFR records every socket read and write
 * of this thread; both must stay empty.
 */
class OfflineTest {
  @Test
  void jtokkitRanksAreJarResources() {
    URL ranks = Encodings.class.getResource("/com/knuddels/jtokkit/o200k_base.tiktoken");
    assertTrue(ranks != null && ranks.getProtocol().equals("jar"), String.valueOf(ranks));
  }

  @Test
  void loadingAndCountingMakeNoConnection(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    List<URI> asked = new CopyOnWriteArrayList<>();
    ProxySelector previous = ProxySelector.getDefault();
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        asked.add(uri);
        return List.of(Proxy.NO_PROXY);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException e) {}
    });
    Path jfr = tmp.resolve("net.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.SocketRead").withThreshold(Duration.ZERO);
      recording.enable("jdk.SocketWrite").withThreshold(Duration.ZERO);
      recording.start();
      // Fresh loads, not the shared instances other tests may have loaded already.
      var registry = Encodings.newLazyEncodingRegistry();
      assertEquals(2, registry.getEncoding(EncodingType.O200K_BASE).countTokensOrdinary("hello world"));
      assertEquals(2, registry.getEncoding(EncodingType.CL100K_BASE).countTokensOrdinary("hello world"));
      Map<String, String> files = TokenizerFiles.present()
          ? Map.of("qwen3", TokenizerFiles.file("qwen3").toString(), "llama3", TokenizerFiles.file("llama3").toString())
          : Map.of();
      Tokenizers tokenizers = Tokenizers.load(files);
      byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}".getBytes(StandardCharsets.UTF_8);
      for (Family f : Family.values()) {
        assertTrue(PromptCounter.count(Endpoint.CHAT, body, tokenizers.family(f.id())) > 0);
      }
      recording.stop();
      recording.dump(jfr);
    } finally {
      ProxySelector.setDefault(previous);
    }
    assertEquals(List.of(), asked, "connections attempted");
    String thread = Thread.currentThread().getName();
    List<String> io = RecordingFile.readAllEvents(jfr).stream()
        .filter(e -> e.getThread() != null && thread.equals(e.getThread().getJavaName()))
        .map(RecordedEvent::toString).toList();
    assertEquals(List.of(), io, "socket reads and writes while loading and counting");
    Files.deleteIfExists(jfr);
  }
}
