package dev.shepherd.store;

import dev.shepherd.store.KeyStoreContract.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link UsageReportsContract} on SQLite (a file database, WAL mode). */
class SqliteUsageReportsTest extends UsageReportsContract {

  @TempDir Path dir;
  private int counter;

  @Override
  protected Target freshTarget() {
    return new Target("jdbc:sqlite:" + dir.resolve("usage" + counter++ + ".db"), null, null);
  }
}
