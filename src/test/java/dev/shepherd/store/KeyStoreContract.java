package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link KeyStore} must show, run against each database by a subclass that
 * supplies a fresh, empty database per test.
 */
abstract class KeyStoreContract {

  /** Where a test's database lives. */
  protected record Target(String url, String user, String password) {
    JdbcStore open() {
      return JdbcStore.open(url, user, password);
    }

    Connection connect() throws Exception {
      return DriverManager.getConnection(url, user, password);
    }
  }

  /** A fresh, empty database for one test. */
  protected abstract Target freshTarget() throws Exception;

  /** "sqlite" or "postgresql". */
  protected abstract String expectedDialect();

  protected Target target;
  protected Store store;
  protected KeyStore keys;

  @BeforeEach
  void openStore() throws Exception {
    target = freshTarget();
    store = target.open();
    keys = store.keys();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static KeyRecord key(String id, String hash, long createdAt) {
    return new KeyRecord(
        id, "name-" + id, hash, "sk-shp-" + id, null, null, null, null, null, null, createdAt, null,
        createdAt);
  }

  @Test
  void dialectIsReported() {
    assertEquals(expectedDialect(), store.dialect());
  }

  @Test
  void roundTripsEveryFieldSet() {
    var k =
        new KeyRecord(
            "key_full", "CI bot", "a".repeat(64), "sk-shp-abcd", "acct_1",
            List.of("gpt-4o", "qwen3-8b", "odd,id \"quoted\" ünï"), 60L, 100_000L, 8,
            4_102_444_800_000L, 1_700_000_000_123L, 1_700_000_500_000L, 1_700_000_500_000L);
    keys.insert(k);
    assertEquals(List.of(k), keys.list());
  }

  @Test
  void roundTripsSpendCaps() {
    var k = new KeyRecord("key_caps", "capped", "e".repeat(64), "sk-shp-e", "acct_1", null, null, null, null, null,
        1_000, null, 1_000, 5_000_000L, 100_000_000L);
    var dailyOnly = new KeyRecord("key_day", "day", "f".repeat(64), "sk-shp-f", "acct_1", null, null, null, null, null,
        2_000, null, 2_000, 250_000L, null);
    keys.insert(k);
    keys.insert(dailyOnly);
    assertEquals(List.of(dailyOnly, k), keys.list());
    assertEquals(k.revoked(3_000), keys.revoke("key_caps", 3_000) ? keys.list().get(1) : null, "caps survive a revocation");
  }

  @Test
  void roundTripsNullsAndDistinguishesEmptyModels() {
    var nulls = key("key_nulls", "b".repeat(64), 1_000);
    var none =
        new KeyRecord(
            "key_none", "no models", "c".repeat(64), "sk-shp-c", null, List.of(), 0L, 0L, null, null,
            2_000, null, 2_000);
    keys.insert(nulls);
    keys.insert(none);
    List<KeyRecord> listed = keys.list();
    assertEquals(List.of(none, nulls), listed);
    assertNull(listed.get(1).models());
    assertEquals(List.of(), listed.get(0).models());
    assertNull(listed.get(1).rpm());
  }

  @Test
  void listsNewestFirst() {
    keys.insert(key("key_b", "h2", 2_000));
    keys.insert(key("key_a", "h1", 1_000));
    keys.insert(key("key_c", "h3", 3_000));
    assertEquals(
        List.of("key_c", "key_b", "key_a"), keys.list().stream().map(KeyRecord::id).toList());
  }

  @Test
  void duplicateHashIsAConflictAndLeavesNoTrace() {
    String hash = "d".repeat(64);
    keys.insert(key("key_1", hash, 1_000));
    var e = assertThrows(StoreException.class, () -> keys.insert(key("key_2", hash, 2_000)));
    assertEquals("keys.insert", e.operation());
    assertTrue(e.isConflict(), "conflict flag");
    assertTrue(e.getMessage().startsWith("keys.insert failed: "), e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(hash), "hash leaked: " + t);
    }
    assertEquals(List.of("key_1"), keys.list().stream().map(KeyRecord::id).toList());
  }

  @Test
  void duplicateIdIsAConflict() {
    keys.insert(key("key_1", "h1", 1_000));
    var e = assertThrows(StoreException.class, () -> keys.insert(key("key_1", "h2", 2_000)));
    assertTrue(e.isConflict());
  }

  @Test
  void missingRequiredFieldIsNotAConflict() {
    var bad = new KeyRecord("key_x", null, "h", "p", null, null, null, null, null, null, 1, null, 1);
    var e = assertThrows(StoreException.class, () -> keys.insert(bad));
    assertEquals("keys.insert", e.operation());
    assertFalse(e.isConflict());
  }

  @Test
  void revokesOnceOnly() {
    var k = key("key_r", "hr", 1_000);
    keys.insert(k);
    assertTrue(keys.revoke("key_r", 5_000));
    assertFalse(keys.revoke("key_r", 6_000));
    assertFalse(keys.revoke("key_unknown", 6_000));
    KeyRecord revoked = keys.list().getFirst();
    assertEquals(5_000L, revoked.revokedAt());
    assertEquals(5_000L, revoked.updatedAt());
    assertEquals(1_000L, revoked.createdAt());
    assertFalse(revoked.activeAt(5_001));
  }

  @Test
  void changedSinceIsInclusiveAndSeesRevocations() {
    keys.insert(key("key_old", "h1", 100));
    keys.insert(key("key_mid", "h2", 200));
    keys.insert(key("key_new", "h3", 300));
    assertEquals(List.of("key_mid", "key_new"), ids(keys.changedSince(200)));
    keys.revoke("key_old", 400);
    assertEquals(List.of("key_old"), ids(keys.changedSince(301)));
    assertEquals(List.of(), keys.changedSince(401));
    assertEquals(3, keys.changedSince(0).size());
  }

  @Test
  void settingsPutIfAbsentKeepsTheFirstValue() {
    assertEquals(Optional.empty(), keys.setting("admin_key_hash"));
    assertEquals("first", keys.putSettingIfAbsent("admin_key_hash", "first"));
    assertEquals("first", keys.putSettingIfAbsent("admin_key_hash", "second"));
    assertEquals(Optional.of("first"), keys.setting("admin_key_hash"));
  }

  @Test
  void settingsPutIfAbsentRaceAgreesOnOneValue() throws Exception {
    // Two independent stores (two pools) on one database, many virtual threads, one start gate.
    try (Store other = target.open()) {
      for (int round = 0; round < 5; round++) {
        String name = "race_" + round;
        int threads = 16;
        CountDownLatch gate = new CountDownLatch(1);
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          KeyStore ks = (i % 2 == 0 ? store : other).keys();
          String value = "v" + i;
          calls.add(
              () -> {
                gate.await();
                return ks.putSettingIfAbsent(name, value);
              });
        }
        Set<String> results = new HashSet<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
          List<Future<String>> futures = calls.stream().map(pool::submit).toList();
          gate.countDown();
          for (Future<String> f : futures) {
            results.add(f.get());
          }
        }
        assertEquals(1, results.size(), "values seen: " + results);
        assertEquals(Optional.of(results.iterator().next()), other.keys().setting(name));
      }
    }
  }

  @Test
  void concurrentInsertsFromTwoStoresAllLand() throws Exception {
    try (Store other = target.open();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        KeyStore ks = (i % 2 == 0 ? store : other).keys();
        var k = key("key_" + i, "hash_" + i, i);
        futures.add(pool.submit(() -> ks.insert(k)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    assertEquals(40, keys.list().size());
  }

  @Test
  void reopeningKeepsDataAndDoesNotRemigrate() throws Exception {
    keys.insert(key("key_keep", "hk", 1_000));
    keys.putSettingIfAbsent("s", "v");
    long before = historyRows();
    store.close();
    store = target.open();
    keys = store.keys();
    store.close();
    store = target.open();
    keys = store.keys();
    assertEquals(before, historyRows());
    assertEquals(List.of("key_keep"), ids(keys.list()));
    assertEquals(Optional.of("v"), keys.setting("s"));
  }

  @Test
  void closedStoreFailsWithNamedOperation() {
    store.close();
    var e = assertThrows(StoreException.class, () -> keys.list());
    assertEquals("keys.list", e.operation());
    assertFalse(e.isConflict());
  }

  private long historyRows() throws Exception {
    try (Connection c = target.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM flyway_schema_history")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static List<String> ids(List<KeyRecord> records) {
    return records.stream().map(KeyRecord::id).toList();
  }
}
