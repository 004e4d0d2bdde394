package dev.shepherd.store.jdbc;

import static dev.shepherd.store.jdbc.LedgerRows.ACCOUNT_COLUMNS;

import dev.shepherd.store.Account;
import dev.shepherd.store.BalanceDrop;
import dev.shepherd.store.BatchResult;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.LedgerEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL for promo expiry: which accounts are due, the write-off of one account's expired promo
 * credit in one transaction (shared balances), and the clearing of {@code promo_expires_at} when a
 * write-off arrives through a write-behind batch (one instance).
 */
final class PromoExpiries {
  private static final String DUE = "SELECT " + ACCOUNT_COLUMNS + " FROM accounts"
      + " WHERE promo_expires_at IS NOT NULL AND promo_expires_at <= ? ORDER BY promo_expires_at, id";
  private static final String CLEAR =
      "UPDATE accounts SET promo_expires_at = NULL WHERE id = ? AND promo_expires_at = ?";
  private static final String WRITE_OFF =
      "UPDATE accounts SET promo_micros = promo_micros - ?, promo_expires_at = NULL WHERE id = ?";

  private PromoExpiries() {}

  static List<Account> due(Sql sql, long now) {
    return sql.read("billing.promoExpiredBy", c -> {
      try (PreparedStatement ps = c.prepareStatement(DUE)) {
        ps.setLong(1, now);
        try (ResultSet rs = ps.executeQuery()) {
          List<Account> out = new ArrayList<>();
          while (rs.next()) {
            out.add(LedgerRows.account(rs));
          }
          return List.copyOf(out);
        }
      }
    });
  }

  /** See {@link BillingStore#expirePromo}. */
  static BatchResult expire(Sql sql, String accountId, long expiresAt, String entryId, long now) {
    return sql.transaction("billing.expirePromo", c -> {
      long paid;
      long promo;
      String lock = sql.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT paid_micros, promo_micros, promo_expires_at FROM accounts WHERE id = ?" + lock)) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("unknown account " + accountId);
          }
          paid = rs.getLong(1);
          promo = rs.getLong(2);
          Long stored = Sql.getLong(rs, "promo_expires_at");
          if (stored == null || stored != expiresAt) {
            return BatchResult.EMPTY; // already written off (or moved): nothing to do
          }
        }
      }
      long amount = Math.max(0, promo);
      LedgerEntry e = new LedgerEntry(entryId, accountId, LedgerEntry.Kind.EXPIRY, 0, -amount,
          BillingStore.expiryReference(expiresAt), null, 0, null, null, now);
      boolean inserted = BatchWrites.insertEntry(c, e);
      try (PreparedStatement ps = c.prepareStatement(WRITE_OFF)) {
        ps.setLong(1, inserted ? amount : 0); // an entry already there was applied with it
        ps.setString(2, accountId);
        ps.executeUpdate();
      }
      if (!inserted) {
        return BatchResult.EMPTY;
      }
      long before = paid + promo;
      List<BalanceDrop> drops = amount > 0 ? List.of(new BalanceDrop(accountId, before, before - amount)) : List.of();
      return new BatchResult(List.of(e), drops);
    });
  }

  /** After a batch inserted the EXPIRY entry {@code e}: clears the expiry it wrote off, if still set. */
  static void cleared(Connection c, LedgerEntry e) throws SQLException {
    Long expiresAt = expiresAt(e.reference());
    if (expiresAt == null) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(CLEAR)) {
      ps.setString(1, e.accountId());
      ps.setLong(2, expiresAt);
      ps.executeUpdate();
    }
  }

  /** The T of {@code expiry:T}, or null for another reference. */
  static Long expiresAt(String reference) {
    if (reference == null || !reference.startsWith("expiry:")) {
      return null;
    }
    try {
      return Instant.parse(reference.substring("expiry:".length())).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
