package dev.shepherd.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.KeyStore;
import dev.shepherd.store.Store;
import dev.shepherd.store.StoreException;
import dev.shepherd.store.UsageReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Store} over JDBC: SQLite (embedded file, the default) or PostgreSQL.
 *
 * <p>{@link #open} creates a HikariCP pool, applies the Flyway migrations in
 * {@code classpath:db/migration} (for both databases) and {@code classpath:db/<dialect>} (the few
 * whose layout differs per database; safe to run on every start and
 * from several instances at once on PostgreSQL) and returns a ready store. SQLite runs in WAL mode
 * with a busy timeout and foreign keys on; its writes are serialised in-process. The JDBC URL and
 * password are never logged or put in exception messages. {@link #close} shuts the pool and is
 * idempotent.
 */
public final class JdbcStore implements Store {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
  static final String MIGRATIONS = "classpath:db/migration";

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final JdbcKeyStore keys;
  private final JdbcBillingStore billing;
  private final JdbcUsageReports usage;
  private final JdbcRequestLog requests;

  private JdbcStore(HikariDataSource pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
    Sql sql = new Sql(pool, dialect);
    this.keys = new JdbcKeyStore(sql);
    this.billing = new JdbcBillingStore(sql);
    this.usage = new JdbcUsageReports(sql);
    this.requests = new JdbcRequestLog(sql);
  }

  /**
   * Opens the store at {@code jdbcUrl}, migrating it to the latest schema.
   *
   * @param jdbcUrl {@code jdbc:sqlite:FILE} (parent directories are created; {@code :memory:}
   *     gives a single-connection in-memory database) or {@code jdbc:postgresql://HOST:PORT/DB}
   * @param username database user; null or empty for none (ignored by SQLite)
   * @param password database password; null or empty for none (ignored by SQLite)
   * @throws IllegalArgumentException if the URL is neither SQLite nor PostgreSQL
   * @throws StoreException (operation {@code store.open} or {@code store.migrate}) if the database
   *     cannot be reached or migrated
   */
  public static JdbcStore open(String jdbcUrl, String username, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Dialect dialect = Dialect.of(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setPoolName("shepherd-store-" + dialect.id);
    config.setDriverClassName(dialect.driverClass);
    config.setJdbcUrl(jdbcUrl);
    if (username != null && !username.isEmpty()) {
      config.setUsername(username);
    }
    if (password != null && !password.isEmpty()) {
      config.setPassword(password);
    }
    config.setConnectionTimeout(10_000);
    switch (dialect) {
      case SQLITE -> configureSqlite(config, jdbcUrl);
      case POSTGRESQL -> configurePostgres(config);
    }

    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("store.open", false, e);
    }
    try {
      MigrationProgress progress = new MigrationProgress();
      Flyway flyway = Flyway.configure(JdbcStore.class.getClassLoader())
          .dataSource(pool)
          .locations(MIGRATIONS, "classpath:db/" + dialect.id)
          .failOnMissingLocations(true)
          .callbacks(progress)
          .load();
      progress.pending(flyway.info().pending().length);
      MigrateResult result = flyway.migrate();
      LOG.info(
          "store opened: dialect={}, schema version={}, migrations applied now={}",
          dialect.id,
          result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
          result.migrationsExecuted);
    } catch (RuntimeException e) {
      pool.close();
      throw new StoreException("store.migrate", false, e);
    }
    return new JdbcStore(pool, dialect);
  }

  private static void configureSqlite(HikariConfig config, String jdbcUrl) {
    Path file = sqliteFile(jdbcUrl);
    if (file == null) {
      // Every connection to :memory: is a separate database: keep exactly one, forever.
      config.setMaximumPoolSize(1);
      config.setMinimumIdle(1);
      config.setMaxLifetime(0);
      config.setIdleTimeout(0);
    } else {
      createParent(file);
      config.setMaximumPoolSize(4); // WAL: parallel readers; writes serialised by Sql
      config.setMinimumIdle(1);
    }
    config.addDataSourceProperty("journal_mode", "WAL");
    config.addDataSourceProperty("synchronous", "NORMAL");
    config.addDataSourceProperty("busy_timeout", "10000");
    config.addDataSourceProperty("foreign_keys", "true");
    // Nothing reads generated keys; with this on, sqlite-jdbc matches a regex against the SQL of
    // every executed INSERT (seen as ~9% of CPU samples under the metered bench, in JFR).
    config.addDataSourceProperty("jdbc.get_generated_keys", "false");
  }

  private static void configurePostgres(HikariConfig config) {
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(2);
    config.addDataSourceProperty("ApplicationName", "shepherd");
    // Keeps row values (e.g. a duplicate key_hash) out of exception messages.
    config.addDataSourceProperty("logServerErrorDetail", "false");
    config.addDataSourceProperty("tcpKeepAlive", "true");
  }

  /** The database file named by a SQLite URL, or null for an in-memory database. */
  static Path sqliteFile(String jdbcUrl) {
    String rest = jdbcUrl.substring(Dialect.SQLITE.urlPrefix.length());
    int query = rest.indexOf('?');
    String params = query < 0 ? "" : rest.substring(query + 1).toLowerCase(Locale.ROOT);
    String name = query < 0 ? rest : rest.substring(0, query);
    if (name.startsWith("file:")) {
      name = name.substring("file:".length());
      if (name.startsWith("//")) {
        name = name.substring(2); // file:///abs/path → /abs/path
      }
    }
    if (name.isEmpty() || name.equals(":memory:") || params.contains("mode=memory")) {
      return null;
    }
    return Path.of(name);
  }

  private static void createParent(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new StoreException("store.open", false, e);
    }
  }

  @Override
  public KeyStore keys() {
    return keys;
  }

  @Override
  public BillingStore billing() {
    return billing;
  }

  @Override
  public UsageReports usage() {
    return usage;
  }

  /** HikariCP's Micrometer tracker on the running pool; a second registry is refused (logged). */
  @Override
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    try {
      pool.setMetricRegistry(registry);
    } catch (IllegalStateException e) {
      LOG.warn("store pool metrics not bound: {}", e.getMessage());
    }
  }

  @Override
  public dev.shepherd.store.RequestLogStore requests() {
    return requests;
  }

  @Override
  public String dialect() {
    return dialect.id;
  }

  @Override
  public void close() {
    pool.close();
  }
}
