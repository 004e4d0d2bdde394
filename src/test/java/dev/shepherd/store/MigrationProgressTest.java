package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a store logs each migration it applies, numbered, and nothing when the schema is current. */
class MigrationProgressTest {
  @TempDir Path dir;

  @Test
  void logsOneNumberedLinePerMigration() {
    String url = "jdbc:sqlite:" + dir.resolve("m.db");
    List<String> lines;
    try (LogCapture logs = LogCapture.start()) {
      JdbcStore.open(url, null, null).close();
      lines = logs.events().stream().filter(e -> e.getLoggerName().endsWith("MigrationProgress"))
          .map(e -> e.getFormattedMessage()).toList();
    }
    List<String> applied = lines.stream().filter(l -> l.startsWith("applied migration")).toList();
    assertTrue(lines.getFirst().matches("schema: \\d+ migrations to apply"), lines.getFirst());
    int n = applied.size();
    assertTrue(n >= 8, String.valueOf(lines));
    assertTrue(lines.contains("applying migration 1/" + n + ": V1 keys"), String.valueOf(lines));
    assertTrue(applied.getLast().matches("applied migration " + n + "/" + n + ": V\\d+ .* in \\d+ ms"), applied.getLast());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("applied migration 8/" + n + ": V8 request log in ")),
        String.valueOf(lines));
    try (LogCapture logs = LogCapture.start()) {
      JdbcStore.open(url, null, null).close();
      assertEquals(0, logs.events().stream().filter(e -> e.getLoggerName().endsWith("MigrationProgress")).count());
    }
  }
}
