package dev.shepherd.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a callback when the content of one file changes.
 *
 * <p>Guarantees: {@code onChange} runs on the watcher's own virtual thread, never concurrently
 * with itself, and only when the SHA-256 of the file's bytes differs from the last content seen
 * (the content at {@link #start} is the first); so touching a file, or writing the same bytes
 * again, calls nothing. Any event in the file's directory triggers a re-check, which covers
 * in-place writes, editors that replace the file by rename, and Kubernetes ConfigMap volumes that
 * swap a {@code ..data} symlink. Events are debounced: a burst whose gaps are shorter than {@code
 * debounce} gives at most one check, made once the directory has been quiet for {@code debounce}
 * (or after ten times {@code debounce} of continuous events). A missing or unreadable file is
 * skipped, keeping the last content seen. An exception from {@code onChange} is logged and
 * watching continues. After {@link #close} returns, {@code onChange} is never called again.
 */
public final class ConfigFileWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);

  private final Path file;
  private final long debounceMillis;
  private final Runnable onChange;
  private final WatchService watchService;
  private final Thread thread;
  private byte[] lastHash;
  private volatile boolean closed;

  private ConfigFileWatcher(Path file, Duration debounce, Runnable onChange) throws IOException {
    this.file = file;
    this.debounceMillis = Math.max(1, debounce.toMillis());
    this.onChange = onChange;
    this.lastHash = hash(file);
    Path dir = file.getParent();
    this.watchService = dir.getFileSystem().newWatchService();
    try {
      dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException | RuntimeException e) {
      watchService.close();
      throw e;
    }
    this.thread = Thread.ofVirtual().name("config-watcher").unstarted(this::run);
  }

  /**
   * Starts watching {@code file} (which may not exist yet; its directory must).
   *
   * @throws IOException if the directory cannot be watched
   */
  public static ConfigFileWatcher start(Path file, Duration debounce, Runnable onChange) throws IOException {
    ConfigFileWatcher w = new ConfigFileWatcher(file.toAbsolutePath().normalize(), debounce, onChange);
    w.thread.start();
    return w;
  }

  /** Stops watching; waits for a callback in progress (unless called from that callback). */
  @Override
  public void close() {
    closed = true;
    try {
      watchService.close();
    } catch (IOException e) {
      LOG.debug("closing the watch service of {}", file, e);
    }
    if (Thread.currentThread() != thread) {
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (!closed) {
        boolean valid = drain(watchService.take());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10 * debounceMillis);
        WatchKey more;
        while (valid && System.nanoTime() < deadline
            && (more = watchService.poll(debounceMillis, TimeUnit.MILLISECONDS)) != null) {
          valid = drain(more);
        }
        check();
        if (!valid) {
          LOG.warn("{}: its directory can no longer be watched; later changes are ignored", file);
          return;
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed
    }
  }

  /** Discards the key's events (any event means "re-check"); false if the key is no longer valid. */
  private static boolean drain(WatchKey key) {
    key.pollEvents();
    return key.reset();
  }

  private void check() {
    byte[] now = hash(file);
    if (now == null || MessageDigest.isEqual(now, lastHash) || closed) {
      return;
    }
    lastHash = now;
    try {
      onChange.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      LOG.error("{}: the change handler failed; still watching", file, e);
    }
  }

  /** SHA-256 of the file's bytes (following symlinks), or {@code null} if it cannot be read. */
  private static byte[] hash(Path file) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      LOG.debug("{}: not readable now ({})", file, e.toString());
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
