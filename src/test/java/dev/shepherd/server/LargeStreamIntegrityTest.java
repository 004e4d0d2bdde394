package dev.shepherd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.config.SimulatorSettings;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import org.junit.jupiter.api.Test;

/**
 * Long unpaced streams (2,000 events written back to back, filling write queues on both hops)
 * arrive through the gateway byte-exact: every event whole, in order, ending with [DONE].
 */
class LargeStreamIntegrityTest {
  @Test
  void everyEventOfLongBurstsArrivesWhole() throws Exception {
    try (FakeUpstream upstream = new FakeUpstream();
        TestGateway gateway = TestGateway.start(TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED))) {
      SimulatorSettings d = SimulatorSettings.DEFAULT;
      gateway.server().upstreams().simulators().getFirst().settings(new SimulatorSettings(0, 0, 2_000,
          0, d.errorStatus(), 0, d.retryAfterSeconds(), 0, 0, d.embeddingDimensions()));
      String body = "{\"model\":\"sim-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}";
      for (int i = 0; i < 40; i++) {
        String sse = Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(), body).body();
        assertTrue(sse.endsWith("data: [DONE]\n\n"), "iteration " + i);
        String[] events = sse.split("\n\n");
        assertEquals(2_000 + 3, events.length, "role + 2,000 tokens + finish + [DONE], no usage chunk");
        for (String e : events) {
          assertTrue(e.startsWith("data: ") && !e.contains("\n"), "iteration " + i + ": " + e);
        }
      }
    }
  }
}
