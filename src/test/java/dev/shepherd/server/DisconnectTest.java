package dev.shepherd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;

import java.io.BufferedReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that goes away cancels the upstream request at once. Timeouts here are 5 s, so a
 * cancellation seen within 1 s can only come from the disconnect.
 */
class DisconnectTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static final String STREAM = "{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String PLAIN = "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Test
  void clientDisconnectMidStreamCancelsTheUpstreamAtOnce() throws Exception {
    env.upstream().trickle(20);
    int before = env.upstream().closedEarly();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", env.gateway().port())) {
      byte[] body = STREAM.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + env.gateway().key() + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      BufferedReader reader = Http.reader(socket.getInputStream());
      String line;
      while ((line = reader.readLine()) != null && !line.contains("data: ")) {
        // headers and chunk sizes
      }
      assertTrue(line != null, "stream started");
    }
    long deadline = System.currentTimeMillis() + 1000;
    while (env.upstream().closedEarly() == before && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    // At least one: a close left over from the previous test of this class may land late and count too.
    assertTrue(env.upstream().closedEarly() >= before + 1, "upstream request cancelled within 1 s of the disconnect");
  }

  @Test
  void clientDisconnectBeforeFirstByteCancelsTheUpstream() throws Exception {
    env.upstream().respond(req -> { /* hold the request open */ });
    int before = env.upstream().closedEarly();
    var client = java.net.http.HttpClient.newHttpClient();
    var future = client.sendAsync(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(env.gateway().baseUrl() + "/chat/completions"))
        .header("authorization", "Bearer " + env.gateway().key())
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(PLAIN)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    long deadline = System.currentTimeMillis() + 2000;
    int received = env.upstream().received().size();
    while (env.upstream().received().size() == received && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(50);
    future.cancel(true);
    client.shutdownNow();
    deadline = System.currentTimeMillis() + 1000;
    while (env.upstream().closedEarly() == before && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(before + 1, env.upstream().closedEarly());
  }

  @Test
  void aClientThatStopsReadingPausesTheUpstream() throws Exception {
    long cap = 512L << 20;
    java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    String chunk = "data: " + dev.shepherd.testing.Chunks.chunk("m", "x".repeat(16_000), null) + "\n\n";
    env.upstream().respond(req -> {
      var resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      Runnable[] pump = new Runnable[1];
      pump[0] = () -> {
        while (written.get() < cap && !resp.writeQueueFull() && !resp.closed()) {
          resp.write(chunk);
          written.addAndGet(chunk.length());
        }
        if (resp.writeQueueFull()) {
          resp.drainHandler(v -> pump[0].run()); // keeps writing as fast as the gateway reads
        }
      };
      pump[0].run();
    });
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", env.gateway().port())) {
      socket.setReceiveBufferSize(64 * 1024);
      byte[] body = STREAM.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + env.gateway().key() + "\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      // The client reads nothing. Without backpressure the gateway would keep draining the
      // upstream into memory; with it, the upstream's writes plateau at a few socket buffers.
      Thread.sleep(1500);
      long first = written.get();
      Thread.sleep(700);
      long second = written.get();
      assertTrue(first > 0, "stream started");
      assertEquals(first, second, "upstream paused while the client does not read");
      assertTrue(second < 64L << 20, "only " + second + " bytes in flight");
    }
  }
}
