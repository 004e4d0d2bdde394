package dev.shepherd.provider.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.config.SimulatorSettings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** Starts a fresh simulator per test and talks to it with the JDK HTTP client or a raw socket. */
@Timeout(30)
abstract class SimTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();
  static Vertx vertx;
  static HttpClient http;
  SimulatorServer sim;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    http.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void startSim() throws Exception {
    sim = SimulatorServer.start(vertx, SimulatorSettings.DEFAULT).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopSim() throws Exception {
    sim.closeAsync().await(10, TimeUnit.SECONDS);
  }

  static SimulatorSettings settings(long ttftMs, double tps, int outputTokens) {
    SimulatorSettings d = SimulatorSettings.DEFAULT;
    return new SimulatorSettings(ttftMs, tps, outputTokens, d.errorRate(), d.errorStatus(), d.rateLimitRate(),
        d.retryAfterSeconds(), d.stallRate(), d.dropRate(), d.embeddingDimensions());
  }

  HttpRequest.Builder request(String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
        .timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return b;
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    return http.send(request(path, body, headers).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String s) throws IOException {
    return JSON.readTree(s);
  }

  /** The {@code data:} payloads of an SSE body, in order; checks each event is one {@code data:} line. */
  static List<String> events(String body) {
    assertTrue(body.endsWith("\n\n"), "events end with a blank line");
    List<String> out = new ArrayList<>();
    for (String event : body.split("\n\n")) {
      assertTrue(event.startsWith("data: ") && !event.contains("\n"), "one data line per event: " + event);
      out.add(event.substring("data: ".length()));
    }
    return out;
  }

  /** A raw HTTP/1.1 exchange, for closing mid-response and seeing exactly what arrived. */
  final class Raw implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final StringBuilder received = new StringBuilder();
    int consumed;

    Raw(String path, String body, String... headerLines) throws IOException {
      socket = new Socket("127.0.0.1", sim.port());
      socket.setSoTimeout(10_000);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder("POST /v1" + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\n"
          + "content-type: application/json\r\ncontent-length: " + bytes.length + "\r\n");
      for (String h : headerLines) {
        head.append(h).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      in = socket.getInputStream();
    }

    /** Reads until {@code marker} arrives after the previous marker; returns everything received so far. */
    String readUntil(String marker) throws IOException {
      byte[] buf = new byte[4096];
      int from = consumed;
      int at;
      while ((at = received.indexOf(marker, from)) < 0) {
        from = Math.max(consumed, received.length() - marker.length());
        int n = in.read(buf);
        if (n < 0) {
          throw new IOException("EOF before " + marker + " in " + received);
        }
        received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
      consumed = at + marker.length();
      return received.toString();
    }

    /** Reads until the server closes the connection. */
    String readToEof() throws IOException {
      return received.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }
}
