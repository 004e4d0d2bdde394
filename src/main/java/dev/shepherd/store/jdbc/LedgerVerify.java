package dev.shepherd.store.jdbc;

import dev.shepherd.store.BalanceMismatch;
import dev.shepherd.store.BillingStore.VerifyPage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of {@code shepherd ledger verify --progress}: the next accounts after an id, in the
 * database's own id order (keyset paging, so the order and the comparison share one collation), each
 * with the sum of its entries read through {@code ledger_entries_account_created}. One statement
 * per page: each account is checked against one consistent snapshot of its entries.
 */
final class LedgerVerify {
  private static final String PAGE =
      "WITH page AS (SELECT id FROM accounts WHERE id > ? ORDER BY id LIMIT ?)"
          + " SELECT a.id, a.paid_micros, a.promo_micros,"
          + " COALESCE(s.paid, 0) AS sum_paid, COALESCE(s.promo, 0) AS sum_promo"
          + " FROM accounts a JOIN page p ON p.id = a.id LEFT JOIN (SELECT account_id, SUM(paid_micros) AS paid,"
          + " SUM(promo_micros) AS promo FROM ledger_entries WHERE account_id IN (SELECT id FROM page)"
          + " GROUP BY account_id) s ON s.account_id = a.id"
          + " ORDER BY a.id";

  private LedgerVerify() {}

  static VerifyPage page(Sql sql, String afterId, int limit) {
    return sql.read("billing.verifyPage", c -> {
      try (PreparedStatement ps = c.prepareStatement(PAGE)) {
        ps.setString(1, afterId);
        ps.setInt(2, limit);
        List<BalanceMismatch> out = new ArrayList<>();
        int accounts = 0;
        String last = afterId;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            accounts++;
            last = rs.getString("id");
            BalanceMismatch m = new BalanceMismatch(last, rs.getLong("paid_micros"), rs.getLong("promo_micros"),
                rs.getLong("sum_paid"), rs.getLong("sum_promo"));
            if (m.storedPaidMicros() != m.entriesPaidMicros() || m.storedPromoMicros() != m.entriesPromoMicros()) {
              out.add(m);
            }
          }
        }
        return new VerifyPage(accounts, last, List.copyOf(out));
      }
    });
  }
}
