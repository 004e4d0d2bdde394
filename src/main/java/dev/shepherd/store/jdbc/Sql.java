package dev.shepherd.store.jdbc;

import dev.shepherd.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs one unit of JDBC work on a pooled connection and turns {@link SQLException} into
 * {@link StoreException} naming the operation. On SQLite, writes are serialised by a
 * process-wide lock (SQLite admits one writer; WAL readers proceed in parallel); on PostgreSQL
 * the database arbitrates.
 */
final class Sql {

  /** JDBC work against one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final Dialect dialect;
  private final ReentrantLock writeLock;

  Sql(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.writeLock = dialect == Dialect.SQLITE ? new ReentrantLock() : null;
  }

  Dialect dialect() {
    return dialect;
  }

  <T> T read(String operation, Work<T> work) {
    return run(operation, work);
  }

  <T> T write(String operation, Work<T> work) {
    if (writeLock == null) {
      return run(operation, work);
    }
    writeLock.lock();
    try {
      return run(operation, work);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Runs {@code work} as one write transaction: committed when it returns, rolled back when it
   * throws. {@link Rollback} rolls back and returns its value instead of failing.
   */
  <T> T transaction(String operation, Work<T> work) {
    return write(
        operation,
        c -> {
          boolean autoCommit = c.getAutoCommit();
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            c.commit();
            return result;
          } catch (Rollback r) {
            c.rollback();
            @SuppressWarnings("unchecked")
            T value = (T) r.value;
            return value;
          } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
          } finally {
            c.setAutoCommit(autoCommit);
          }
        });
  }

  /** Thrown inside {@link #transaction} to roll back and return {@code value}. */
  static final class Rollback extends RuntimeException {
    final transient Object value;

    Rollback(Object value) {
      super(null, null, false, false);
      this.value = value;
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private <T> T run(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException(operation, dialect.isUniqueViolation(e), e);
    }
  }

  /** Binds a nullable BIGINT. */
  static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  /** Reads a nullable BIGINT. */
  static Long getLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
