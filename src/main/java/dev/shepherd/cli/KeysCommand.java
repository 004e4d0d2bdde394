package dev.shepherd.cli;

import dev.shepherd.auth.ApiKeys;
import dev.shepherd.billing.Micros;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.store.Store;
import dev.shepherd.store.jdbc.JdbcStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shepherd keys create|list|revoke}: manage API keys directly in the store (no server
 * needed). A running server sees new and revoked keys within a second.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke API keys.",
    footer = {"", "Example:", "  shepherd keys list --config shepherd.yaml"},
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static Store open(ConfigSource source) {
    ShepherdConfig c = source.load(-1);
    return JdbcStore.open(c.store().url(), c.store().username(), c.store().password());
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; prints it once.",
      footer = {"", "Examples:", "  shepherd keys create --name ci --models gpt-4o-mini,claude-sonnet-4 --rpm 60",
          "  shepherd keys create --name team-a --account-id acct_1 --daily-spend-cap 5"})
  static final class Create implements Callable<Integer> {
    @Mixin ConfigSource source;
    @Option(names = "--name", required = true, description = "Label for the key.") String name;
    @Option(names = "--models", split = ",", description = "Allowed model ids (default: all).") List<String> models;
    @Option(names = "--account-id", description = "Owning account.") String accountId;
    @Option(names = "--rpm", description = "Requests per minute.") Long rpm;
    @Option(names = "--tpm", description = "Tokens per minute.") Long tpm;
    @Option(names = "--max-parallel", description = "Requests in flight at once.") Integer maxParallel;
    @Option(names = "--expires-at", description = "ISO-8601 instant, e.g. 2027-01-01T00:00:00Z.") Instant expiresAt;
    @Option(names = "--daily-spend-cap", description = "Most the key may spend per UTC day, in USD (needs --account-id).")
    String dailySpendCap;
    @Option(names = "--monthly-spend-cap",
        description = "Most the key may spend per UTC calendar month, in USD (needs --account-id).")
    String monthlySpendCap;

    @Override
    public Integer call() {
      Long daily;
      Long monthly;
      try {
        daily = spendCap("--daily-spend-cap", dailySpendCap);
        monthly = spendCap("--monthly-spend-cap", monthlySpendCap);
      } catch (IllegalArgumentException e) {
        System.err.println("error: " + e.getMessage());
        return 2;
      }
      try (Store store = open(source)) {
        if (accountId != null && store.billing().account(accountId).isEmpty()) {
          System.err.println("error: --account-id: no account '" + accountId
              + "' (expected: the id of an existing account)");
          return 1;
        }
        String key = ApiKeys.generate(ApiKeys.PREFIX);
        long now = System.currentTimeMillis();
        KeyRecord r = new KeyRecord(ApiKeys.newId("key_"), name, ApiKeys.hash(key), ApiKeys.displayPrefix(key),
            accountId, models, rpm, tpm, maxParallel, expiresAt == null ? null : expiresAt.toEpochMilli(), now, null, now,
            daily, monthly);
        store.keys().insert(r);
        System.out.println("id:  " + r.id());
        System.out.println("key: " + key + "   (shown once)");
        return 0;
      }
    }

    /** A cap in USD above zero, only with an account (only its keys are metered); null when not given. */
    private Long spendCap(String option, String text) {
      if (text == null) {
        return null;
      }
      long micros = Micros.parse(option, text, false);
      if (micros <= 0) {
        throw new IllegalArgumentException(option + ": " + text + " (expected: an amount in USD > 0)");
      }
      if (accountId == null) {
        throw new IllegalArgumentException(option + ": needs --account-id (only keys of an account are metered)");
      }
      return micros;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the secret).",
      footer = {"", "Example:", "  shepherd keys list --data-dir ./shepherd-data"})
  static final class ListKeys implements Callable<Integer> {
    @Mixin ConfigSource source;

    @Override
    public Integer call() {
      try (Store store = open(source)) {
        System.out.printf("%-30s %-20s %-16s %-8s %s%n", "ID", "NAME", "PREFIX", "STATUS", "MODELS");
        for (KeyRecord k : store.keys().list()) {
          String status = k.revokedAt() != null ? "revoked" : k.activeAt(System.currentTimeMillis()) ? "active" : "expired";
          System.out.printf("%-30s %-20s %-16s %-8s %s%n", k.id(), k.name(), k.keyPrefix(), status,
              k.models() == null ? "*" : String.join(",", k.models()));
        }
        return 0;
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by id.",
      footer = {"", "Example:", "  shepherd keys revoke key_2f9c1a --config shepherd.yaml"})
  static final class Revoke implements Callable<Integer> {
    @Mixin ConfigSource source;
    @Parameters(paramLabel = "ID") String id;

    @Override
    public Integer call() {
      try (Store store = open(source)) {
        if (store.keys().revoke(id, System.currentTimeMillis())) {
          System.out.println("revoked " + id);
          return 0;
        }
        System.err.println("no active key with id " + id);
        return 1;
      }
    }
  }
}
