package dev.shepherd.limits;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} on a free loopback port, without persistence, that tests can
 * kill, pause and start again on the same port. Only the process it started is ever signalled.
 */
final class RedisProcess implements AutoCloseable {
  private final Path binary;
  private final Path dir;
  private final int port;
  private Process process;

  private RedisProcess(Path binary, int port) throws IOException {
    this.binary = binary;
    this.port = port;
    this.dir = Files.createTempDirectory("shepherd-redis");
  }

  /** The redis-server binary on PATH (or /usr/bin), or null when there is none. */
  static Path binary() {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin";
    for (String d : path.split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "redis-server"))) {
        return Path.of(d, "redis-server");
      }
    }
    return null;
  }

  static RedisProcess start() throws Exception {
    RedisProcess r = notStarted();
    r.restart();
    return r;
  }

  /** A server on a free port that {@link #restart} starts; nothing listens there until then. */
  static RedisProcess notStarted() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return new RedisProcess(binary(), s.getLocalPort());
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again) on the same port and waits until it answers PING. */
  void restart() throws Exception {
    if (process != null && process.isAlive()) {
      return;
    }
    process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--loglevel", "warning"))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ping()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server did not start on port " + port + ": "
            + Files.readString(dir.resolve("redis.log")));
      }
      Thread.sleep(20);
    }
  }

  /** SIGKILL: connections drop at once. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the server stops answering but keeps its connections (a hung Redis). */
  void pause() throws Exception {
    signal("-STOP");
  }

  void resume() throws Exception {
    signal("-CONT");
  }

  private void signal(String sig) throws Exception {
    if (process == null || !process.isAlive()) {
      return;
    }
    new ProcessBuilder("kill", sig, Long.toString(process.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
  }

  private boolean ping() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.readNBytes(buf, 0, 7);
      return new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    if (process != null) {
      resume();
      kill();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
