package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shepherd.store.jdbc.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link KeyStoreContract} on PostgreSQL: one embedded server per class, one fresh database
 * per test.
 */
class PostgresKeyStoreTest extends KeyStoreContract {

  private static EmbeddedPostgres pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    long t0 = System.nanoTime();
    pg = EmbeddedPg.start();
    System.out.printf(
        "embedded postgres started in %d ms (%s)%n",
        (System.nanoTime() - t0) / 1_000_000, EmbeddedPg.route());
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  protected Target freshTarget() throws Exception {
    return new Target(EmbeddedPg.freshDatabase(pg, "shepherd_t"), "postgres", "");
  }

  @Override
  protected String expectedDialect() {
    return "postgresql";
  }

  @Test
  void opensTheDefaultPostgresDatabase() {
    try (Store s = JdbcStore.open("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", null)) {
      assertEquals("postgresql", s.dialect());
      s.keys().list();
    }
  }

  @Test
  void nothingLogsAPasswordGivenInTheUrl() throws Exception {
    String secret = "pw-in-url-" + System.nanoTime();
    String url = freshTarget().url() + "?password=" + secret + "&ApplicationName=t";
    try (LogCapture logs = LogCapture.start();
        Store s = JdbcStore.open(url, "postgres", null)) {
      s.keys().insert(key("key_l", "hl", 1));
      s.keys().list();
      assertFalse(logs.events().isEmpty(), "capture works");
      logs.assertNoneContain(secret);
    }
  }

  @Test
  void unreachableServerFailsWithoutLeakingThePassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://localhost:" + closedPort + "/x";
    var e =
        assertThrows(StoreException.class, () -> JdbcStore.open(url, "postgres", "s3cret-pw"));
    assertEquals("store.open", e.operation());
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains("s3cret-pw"), t.toString());
    }
  }
}
