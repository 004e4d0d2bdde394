package dev.shepherd.store.jdbc;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs schema migrations as they run, one line before and one after each, numbered against the
 * pending total ({@code applying migration 2/3: V8 request log}, then {@code applied ... in 41 ms}),
 * so a long migration on a large database shows where it is. Nothing is logged when the schema is
 * current. Runs on the thread that opens the store.
 */
final class MigrationProgress implements Callback {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationProgress.class);
  private int pending;
  private int done;
  private long startNanos;

  /** How many migrations are about to run (from Flyway's info before migrating). */
  void pending(int count) {
    this.pending = count;
    if (count > 0) {
      LOG.info("schema: {} migration{} to apply", count, count == 1 ? "" : "s");
    }
  }

  @Override
  public boolean supports(Event event, Context context) {
    return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
        || event == Event.AFTER_EACH_MIGRATE_ERROR;
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true;
  }

  @Override
  public void handle(Event event, Context context) {
    MigrationInfo m = context.getMigrationInfo();
    String name = m == null ? "?" : "V" + m.getVersion() + " " + m.getDescription();
    switch (event) {
      case BEFORE_EACH_MIGRATE -> {
        startNanos = System.nanoTime();
        LOG.info("applying migration {}/{}: {}", done + 1, Math.max(pending, done + 1), name);
      }
      case AFTER_EACH_MIGRATE -> {
        done++;
        LOG.info("applied migration {}/{}: {} in {} ms", done, Math.max(pending, done), name,
            (System.nanoTime() - startNanos) / 1_000_000);
      }
      default -> LOG.warn("migration {} failed after {} ms", name, (System.nanoTime() - startNanos) / 1_000_000);
    }
  }

  @Override
  public String getCallbackName() {
    return "shepherd-migration-progress";
  }
}
