package dev.shepherd.billing;

import dev.shepherd.auth.ApiKeys;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.store.Account;
import dev.shepherd.store.BalanceDrop;
import dev.shepherd.store.BatchResult;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.HoldRecord;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.Settlement;
import dev.shepherd.store.UsageRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credit shared by several instances through one database (PostgreSQL): each hold is a single
 * conditional statement ({@link BillingStore#holdIfCovered}) run on a virtual thread — the one
 * store round trip on the request path — and each settlement is written behind, the store
 * splitting the charge promo first from the stored balance. Balances are never cached here.
 */
public final class SharedCredit implements Credit {
  private static final Logger LOG = LoggerFactory.getLogger(SharedCredit.class);
  private final BillingStore store;
  private final LedgerWriter writer;
  private final String instanceId;

  public SharedCredit(BillingStore store, LedgerWriter writer, String instanceId) {
    this.store = store;
    this.writer = writer;
    this.instanceId = instanceId;
  }

  @Override
  public Future<Hold> hold(Context context, String accountId, long micros, String requestId, long nowMillis) {
    HoldRecord record = new HoldRecord(requestId, accountId, instanceId, micros, nowMillis);
    return Blocking.call(context, () -> {
      if (store.holdIfCovered(record)) {
        return Hold.granted(accountId, micros, record);
      }
      long available = store.account(accountId).map(a -> a.totalMicros() - a.heldMicros()).orElse(0L);
      return Hold.refused(accountId, micros, available);
    });
  }

  @Override
  public boolean settle(Hold hold, long costMicros, String priceVersion, UsageRecord usage, long nowMillis) {
    if (costMicros < 0) {
      throw new IllegalArgumentException("costMicros: " + costMicros + " (expected: >= 0)");
    }
    if (!hold.settle()) {
      return false;
    }
    writer.settled(new Settlement(hold.record(), null, costMicros, "le_" + hold.record().id(), hold.record().id(),
        priceVersion, nowMillis));
    if (usage != null) {
      writer.usage(usage);
    }
    return true;
  }

  @Override
  public long[] snapshot(String accountId) {
    return null;
  }

  @Override
  public void load(Account account) {}

  @Override
  public void apply(LedgerEntry entry) {}

  /**
   * One store transaction per due account (row locked, entry, promo zeroed, expiry cleared); every
   * instance may sweep, and the first to lock the row does the write-off while the others find the
   * expiry gone. An account that fails is logged and retried at the next sweep.
   */
  @Override
  public BatchResult expirePromo(long nowMillis) {
    List<LedgerEntry> entries = new ArrayList<>();
    List<BalanceDrop> drops = new ArrayList<>();
    for (Account a : store.promoExpiredBy(nowMillis)) {
      try {
        BatchResult r = store.expirePromo(a.id(), a.promoExpiresAt(), ApiKeys.newId("le_"), nowMillis);
        entries.addAll(r.entries());
        drops.addAll(r.drops());
      } catch (RuntimeException e) {
        LOG.warn("promo expiry of account {} failed, will retry: {}", a.id(), e.toString());
      }
    }
    return new BatchResult(entries, drops);
  }

  @Override
  public boolean shared() {
    return true;
  }
}
