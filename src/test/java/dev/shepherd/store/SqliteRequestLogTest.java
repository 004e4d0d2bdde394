package dev.shepherd.store;

import dev.shepherd.store.KeyStoreContract.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link RequestLogContract} on SQLite (a file database, WAL mode). */
class SqliteRequestLogTest extends RequestLogContract {

  @TempDir Path dir;
  private int counter;

  @Override
  protected Target freshTarget() {
    return new Target("jdbc:sqlite:" + dir.resolve("requests" + counter++ + ".db"), null, null);
  }
}
