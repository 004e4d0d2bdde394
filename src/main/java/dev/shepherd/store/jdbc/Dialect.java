package dev.shepherd.store.jdbc;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The two supported databases, recognised by JDBC URL prefix. */
enum Dialect {
  SQLITE("sqlite", "jdbc:sqlite:", "org.sqlite.JDBC"),
  POSTGRESQL("postgresql", "jdbc:postgresql:", "org.postgresql.Driver");

  final String id;
  final String urlPrefix;
  final String driverClass;

  Dialect(String id, String urlPrefix, String driverClass) {
    this.id = id;
    this.urlPrefix = urlPrefix;
    this.driverClass = driverClass;
  }

  /** The dialect of {@code jdbcUrl}; the message never echoes the URL (it may hold a password). */
  static Dialect of(String jdbcUrl) {
    for (Dialect d : values()) {
      if (jdbcUrl.regionMatches(true, 0, d.urlPrefix, 0, d.urlPrefix.length())) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "jdbcUrl: unsupported database (expected: jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)");
  }

  /** True when {@code e} is a unique or primary-key violation. */
  boolean isUniqueViolation(SQLException e) {
    return switch (this) {
      case POSTGRESQL -> "23505".equals(e.getSQLState());
      case SQLITE ->
          e instanceof SQLiteException s
              && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                  || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    };
  }
}
