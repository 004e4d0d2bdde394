package dev.shepherd.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SqliteUrlTest {

  @Test
  void findsTheDatabaseFile() {
    assertEquals(Path.of("/var/lib/shepherd/s.db"), JdbcStore.sqliteFile("jdbc:sqlite:/var/lib/shepherd/s.db"));
    assertEquals(Path.of("data/s.db"), JdbcStore.sqliteFile("jdbc:sqlite:data/s.db"));
    assertEquals(Path.of("/d/s.db"), JdbcStore.sqliteFile("jdbc:sqlite:file:/d/s.db?cache=shared"));
    assertEquals(Path.of("/d/s.db"), JdbcStore.sqliteFile("jdbc:sqlite:file:///d/s.db"));
  }

  @Test
  void recognisesInMemoryDatabases() {
    assertNull(JdbcStore.sqliteFile("jdbc:sqlite::memory:"));
    assertNull(JdbcStore.sqliteFile("jdbc:sqlite:"));
    assertNull(JdbcStore.sqliteFile("jdbc:sqlite:file:x?mode=memory&cache=shared"));
  }

  @Test
  void dialectComesFromThePrefix() {
    assertEquals(Dialect.SQLITE, Dialect.of("JDBC:SQLITE:x.db"));
    assertEquals(Dialect.POSTGRESQL, Dialect.of("jdbc:postgresql://h/db"));
  }
}
