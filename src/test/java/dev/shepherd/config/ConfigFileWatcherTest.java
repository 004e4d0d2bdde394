package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Real file-system events: waits are bounded polls, and "nothing happened" waits a few debounces. */
class ConfigFileWatcherTest {
  private static final Duration DEBOUNCE = Duration.ofMillis(50);

  @TempDir Path dir;

  /** The file's content at each call. */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  private ConfigFileWatcher watch(Path file) throws IOException {
    return ConfigFileWatcher.start(file, DEBOUNCE, () -> seen.add(read(file)));
  }

  @Test
  void aChangedFileIsOneCall() throws Exception {
    Path file = write(dir.resolve("shepherd.yaml"), "a");
    try (ConfigFileWatcher w = watch(file)) {
      write(file, "b");
      awaitCalls(1);
      settle();
      assertEquals(List.of("b"), seen);
    }
  }

  @Test
  void aFileCreatedAfterStartIsACall() throws Exception {
    Path file = dir.resolve("shepherd.yaml");
    try (ConfigFileWatcher w = watch(file)) {
      write(file, "new");
      awaitCalls(1);
      assertEquals(List.of("new"), seen);
    }
  }

  @Test
  void sameContentOrATouchIsNoCall() throws Exception {
    Path file = write(dir.resolve("shepherd.yaml"), "a");
    try (ConfigFileWatcher w = watch(file)) {
      write(file, "a");
      write(file, "a");
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
      write(dir.resolve("unrelated.txt"), "x");
      settle();
      assertEquals(List.of(), seen);
      write(file, "b"); // a real change still gets through, once
      awaitCalls(1);
      settle();
      assertEquals(List.of("b"), seen);
    }
  }

  @Test
  void aBurstOfWritesIsOneCall() throws Exception {
    Path file = write(dir.resolve("shepherd.yaml"), "a");
    try (ConfigFileWatcher w = ConfigFileWatcher.start(file, Duration.ofMillis(200), () -> seen.add(read(file)))) {
      write(file, "b");
      write(file, "c");
      write(file, "d");
      awaitCalls(1);
      Thread.sleep(600);
      assertEquals(List.of("d"), seen);
    }
  }

  @Test
  void renameReplaceIsACall() throws Exception {
    Path file = write(dir.resolve("shepherd.yaml"), "a");
    try (ConfigFileWatcher w = watch(file)) {
      Path tmp = write(dir.resolve(".shepherd.yaml.swp"), "b");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      awaitCalls(1);
      settle();
      assertEquals(List.of("b"), seen);
    }
  }

  @Test
  void configMapSymlinkSwapIsACall() throws Exception {
    // The Kubernetes layout: shepherd.yaml -> ..data/shepherd.yaml, ..data -> ..v1
    write(Files.createDirectory(dir.resolve("..v1")).resolve("shepherd.yaml"), "a");
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..v1"));
    Path file = Files.createSymbolicLink(dir.resolve("shepherd.yaml"), Path.of("..data/shepherd.yaml"));
    try (ConfigFileWatcher w = watch(file)) {
      write(Files.createDirectory(dir.resolve("..v2")).resolve("shepherd.yaml"), "b");
      Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..v2"));
      Files.move(tmp, dir.resolve("..data"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      awaitCalls(1);
      assertEquals(List.of("b"), seen);
    }
  }

  @Test
  void afterCloseNoMoreCalls() throws Exception {
    Path file = write(dir.resolve("shepherd.yaml"), "a");
    ConfigFileWatcher w = watch(file);
    write(file, "b");
    awaitCalls(1);
    long start = System.nanoTime();
    w.close();
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "close is prompt");
    write(file, "c");
    settle();
    assertEquals(List.of("b"), seen);
    w.close(); // idempotent
  }

  @Test
  void aFailingCallbackIsLoggedAndWatchingContinues() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(ConfigFileWatcher.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    logger.setAdditive(false); // keep the expected stack trace off the console
    Path file = write(dir.resolve("shepherd.yaml"), "a");
    try (ConfigFileWatcher w = ConfigFileWatcher.start(file, DEBOUNCE, () -> {
      seen.add(read(file));
      if (seen.size() == 1) {
        throw new IllegalStateException("bad config");
      }
    })) {
      write(file, "b");
      awaitCalls(1);
      settle();
      write(file, "c");
      awaitCalls(2);
      assertEquals(List.of("b", "c"), seen);
      List<ILoggingEvent> events = List.copyOf(logs.list);
      assertEquals(1, events.size(), events.toString());
      assertEquals("bad config", events.getFirst().getThrowableProxy().getMessage());
    } finally {
      logger.detachAppender(logs);
      logger.setAdditive(true);
    }
  }

  private void awaitCalls(int n) throws InterruptedException {
    await(() -> seen.size() >= n, n + " call(s), saw " + seen);
  }

  /** Long enough for any pending event to be debounced and handled. */
  private static void settle() throws InterruptedException {
    Thread.sleep(6 * DEBOUNCE.toMillis());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private static Path write(Path file, String content) throws IOException {
    return Files.writeString(file, content);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
