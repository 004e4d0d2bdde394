package dev.shepherd.store;

import dev.shepherd.store.KeyStoreContract.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BillingStoreContract} on SQLite (a file database, WAL mode, pooled connections). */
class SqliteBillingStoreTest extends BillingStoreContract {

  @TempDir Path dir;
  private int counter;

  @Override
  protected Target freshTarget() {
    return new Target("jdbc:sqlite:" + dir.resolve("db" + counter++ + ".db"), null, null);
  }
}
