package dev.shepherd.billing;

import dev.shepherd.auth.ApiKeys;
import dev.shepherd.store.Account;
import dev.shepherd.store.BatchResult;
import dev.shepherd.store.HoldRecord;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.Settlement;
import dev.shepherd.store.UsageRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Credit for a single instance: the in-memory {@link Wallet} decides every hold with no I/O;
 * holds, charges and usage go to the {@link LedgerWriter}. The stored hold rows (written behind)
 * let the next start release what a crash left held, and count the lost charges.
 */
public final class LocalCredit implements Credit {
  private final Wallet wallet;
  private final LedgerWriter writer;
  private final String instanceId;

  public LocalCredit(Wallet wallet, LedgerWriter writer, String instanceId) {
    this.wallet = wallet;
    this.writer = writer;
    this.instanceId = instanceId;
  }

  @Override
  public Future<Hold> hold(Context context, String accountId, long micros, String requestId, long nowMillis) {
    HoldRecord record = new HoldRecord(requestId, accountId, instanceId, micros, nowMillis);
    Hold h = wallet.hold(accountId, micros, record);
    if (h == null) {
      return Future.succeededFuture(Hold.refused(accountId, micros, wallet.available(accountId)));
    }
    writer.opened(record);
    return Future.succeededFuture(h);
  }

  @Override
  public boolean settle(Hold hold, long costMicros, String priceVersion, UsageRecord usage, long nowMillis) {
    if (hold.settled()) {
      return false;
    }
    String requestId = hold.record() == null ? null : hold.record().id();
    // The charge's id derives from the request id (unique: a random per-process prefix and a
    // counter), which spares a SecureRandom call per request on the event loop.
    String entryId = requestId == null ? ApiKeys.newId("le_") : "le_" + requestId;
    LedgerEntry charge = wallet.settle(hold, costMicros, entryId, requestId, priceVersion, nowMillis);
    if (!hold.settled()) {
      return false;
    }
    if (hold.record() != null) {
      writer.settled(new Settlement(hold.record(), charge, costMicros, null, requestId, priceVersion, nowMillis));
    } else if (charge != null) {
      writer.add(charge);
    }
    if (usage != null) {
      writer.usage(usage);
    }
    return true;
  }

  @Override
  public long[] snapshot(String accountId) {
    return wallet.snapshot(accountId);
  }

  @Override
  public void load(Account account) {
    wallet.load(account);
  }

  @Override
  public void apply(LedgerEntry entry) {
    wallet.apply(entry);
  }

  /**
   * The wallet, ahead of the store, decides each amount; the entries are queued behind the
   * charges that preceded them, and the batch that writes one also clears the stored expiry.
   */
  @Override
  public BatchResult expirePromo(long nowMillis) {
    java.util.List<LedgerEntry> entries = wallet.expirePromo(nowMillis, () -> ApiKeys.newId("le_"));
    entries.forEach(writer::add);
    return new BatchResult(entries, java.util.List.of());
  }

  @Override
  public boolean shared() {
    return false;
  }

  /** The wallet (tests, reports). */
  public Wallet wallet() {
    return wallet;
  }
}
