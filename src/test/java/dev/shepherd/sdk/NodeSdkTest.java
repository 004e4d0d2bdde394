package dev.shepherd.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Node SDK ({@code npm openai}) as a client. {@code .ci/run} installs it into
 * {@code target/node-sdk}; where it is absent (a bare {@code ./mvnw verify}) this test is skipped
 * with the command that installs it.
 */
class NodeSdkTest {
  static final Path SDK = Path.of("target/node-sdk/node_modules/openai");

  @Test
  void officialNodeSdkWorksUnchanged() throws Exception {
    assumeTrue(Files.isDirectory(SDK),
        "Node SDK not installed: npm install --no-save --prefix target/node-sdk openai@7.57.0");
    try (FakeUpstream upstream = new FakeUpstream();
        TestGateway gateway = TestGateway.start(TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED))) {
      ProcessBuilder pb = new ProcessBuilder("node", "src/test/node/openai-sdk-smoke.mjs").redirectErrorStream(true);
      pb.environment().put("SHEPHERD_BASE_URL", gateway.baseUrl());
      pb.environment().put("SHEPHERD_KEY", gateway.key());
      pb.environment().put("NODE_SDK_DIR", SDK.toAbsolutePath().toString());
      Process p = pb.start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node finished");
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), out);
      for (String check : new String[] {"chat", "stream", "embeddings", "models", "errors"}) {
        assertTrue(out.contains("ok " + check), out);
      }
    }
  }
}
