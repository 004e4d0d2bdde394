package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link KeyStoreContract} on SQLite, plus SQLite-only setup checks. */
class SqliteKeyStoreTest extends KeyStoreContract {

  @TempDir Path dir;
  private int counter;

  @Override
  protected Target freshTarget() {
    // Nested, not-yet-existing directories: open() must create them.
    Path file = dir.resolve("db" + counter++).resolve("nested").resolve("shepherd.db");
    return new Target("jdbc:sqlite:" + file, null, null);
  }

  @Override
  protected String expectedDialect() {
    return "sqlite";
  }

  @Test
  void createsParentDirectoriesAndUsesWal() throws Exception {
    Path file = Path.of(target.url().substring("jdbc:sqlite:".length()));
    assertTrue(Files.isRegularFile(file));
    try (Connection c = target.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertEquals("wal", rs.getString(1));
    }
  }

  @Test
  void inMemoryDatabaseWorks() {
    try (Store mem = JdbcStore.open("jdbc:sqlite::memory:", "", "")) {
      mem.keys().insert(key("key_m", "hm", 1));
      assertEquals(List.of("key_m"), ids(mem.keys().list()));
    }
  }

  @Test
  void unsupportedUrlIsRejectedWithoutEchoingIt() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JdbcStore.open("jdbc:mysql://db/x?password=hunter2", "u", "hunter2"));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }
}
