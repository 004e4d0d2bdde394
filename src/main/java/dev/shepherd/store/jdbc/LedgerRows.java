package dev.shepherd.store.jdbc;

import dev.shepherd.store.Account;
import dev.shepherd.store.LedgerEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;

/** Column lists and row mapping for {@code accounts} and {@code ledger_entries}. */
final class LedgerRows {

  static final String ACCOUNT_COLUMNS =
      "id, name, currency, paid_micros, promo_micros, promo_expires_at, created_at, held_micros";
  static final String ENTRY_COLUMNS =
      "id, account_id, kind, paid_micros, promo_micros, reference, currency, original_minor,"
          + " rate, price_version, created_at";

  private LedgerRows() {}

  /** Binds the {@link #ENTRY_COLUMNS} of {@code e} from parameter 1. */
  static void bindEntry(PreparedStatement ps, LedgerEntry e) throws SQLException {
    ps.setString(1, e.id());
    ps.setString(2, e.accountId());
    ps.setString(3, e.kind() == null ? null : e.kind().name());
    ps.setLong(4, e.paidMicros());
    ps.setLong(5, e.promoMicros());
    ps.setString(6, e.reference());
    ps.setString(7, e.currency());
    ps.setLong(8, e.originalMinor());
    ps.setString(9, e.rate());
    ps.setString(10, e.priceVersion());
    ps.setLong(11, e.createdAt());
  }

  static LedgerEntry entry(ResultSet rs) throws SQLException {
    String kind = rs.getString("kind");
    LedgerEntry.Kind k;
    try {
      k = LedgerEntry.Kind.valueOf(kind);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new SQLDataException("ledger_entries.kind: unknown kind", e);
    }
    return new LedgerEntry(
        rs.getString("id"),
        rs.getString("account_id"),
        k,
        rs.getLong("paid_micros"),
        rs.getLong("promo_micros"),
        rs.getString("reference"),
        rs.getString("currency"),
        rs.getLong("original_minor"),
        rs.getString("rate"),
        rs.getString("price_version"),
        rs.getLong("created_at"));
  }

  static Account account(ResultSet rs) throws SQLException {
    return new Account(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("currency"),
        rs.getLong("paid_micros"),
        rs.getLong("promo_micros"),
        Sql.getLong(rs, "promo_expires_at"),
        rs.getLong("created_at"),
        rs.getLong("held_micros"));
  }
}
