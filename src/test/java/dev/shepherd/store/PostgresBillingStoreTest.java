package dev.shepherd.store;

import dev.shepherd.store.KeyStoreContract.Target;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link BillingStoreContract} on PostgreSQL: one embedded server per class, one fresh
 * database per test.
 */
class PostgresBillingStoreTest extends BillingStoreContract {

  private static EmbeddedPostgres pg;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPg.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private static String url(String db) {
    return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + db;
  }

  @Override
  protected Target freshTarget() throws Exception {
    String db = "shepherd_b" + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db); // test-generated identifier, not user input
    }
    return new Target(url(db), "postgres", "");
  }
}
