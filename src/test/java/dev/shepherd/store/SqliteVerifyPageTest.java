package dev.shepherd.store;

import dev.shepherd.store.KeyStoreContract.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link VerifyPageContract} on SQLite. */
class SqliteVerifyPageTest extends VerifyPageContract {
  @TempDir Path dir;

  @Override
  protected Target freshTarget() {
    return new Target("jdbc:sqlite:" + dir.resolve("verify.db"), null, null);
  }
}
