package dev.shepherd.store;

import dev.shepherd.store.KeyStoreContract.Target;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link RequestLogContract} on PostgreSQL: one embedded server per class, one fresh database per test. */
class PostgresRequestLogTest extends RequestLogContract {

  private static EmbeddedPostgres pg;

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

  @Override
  protected Target freshTarget() throws Exception {
    return new Target(EmbeddedPg.freshDatabase(pg, "shepherd_r"), "postgres", "");
  }
}
