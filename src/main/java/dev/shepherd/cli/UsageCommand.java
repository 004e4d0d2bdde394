package dev.shepherd.cli;

import dev.shepherd.billing.Rates;
import dev.shepherd.billing.ReportParams;
import dev.shepherd.billing.UsageReport;
import dev.shepherd.billing.UsageReportFormat;
import dev.shepherd.config.ConfigException;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.store.Account;
import dev.shepherd.store.Store;
import dev.shepherd.store.UsageQuery;
import dev.shepherd.store.jdbc.JdbcStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import dev.shepherd.store.UsageReports;
import dev.shepherd.store.UsageRow;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shepherd usage report}: requests, tokens, cost, the same usage at the official list price
 * and the saving, per model, key or UTC day, read directly from the store (no server needed). The
 * arithmetic is {@link UsageReport}'s; the parameters are checked by {@link ReportParams}, as for
 * {@code GET /admin/v1/usage}. Exits 0, 1 for an unknown account, 2 for a bad option.
 */
@Command(name = "usage", mixinStandardHelpOptions = true, description = "Usage and savings reports.",
    subcommands = {UsageCommand.Report.class},
    footer = {"", "Example:", "  shepherd usage report --from 2026-11-01 --to 2026-12-01 --by model"})
public final class UsageCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  private static final long DAY = 86_400_000L;
  private static final int MAX_STEPS = 100;

  @Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Requests, tokens, cost charged, the same usage at the official list price and the savings, "
          + "in USD and in a local currency (paid at the plan rate vs the official USD price at the market rate).",
      footer = {"", "Examples:",
          "  shepherd usage report --account acct_123 --from 2026-11-01 --to 2026-12-01",
          "  shepherd usage report --by day --format csv > november.csv",
          "  shepherd usage report --from 2026-11-24T00:00:00+08:00 --by key --format json",
          "  shepherd usage report --from 2026-01-01 --to 2027-01-01 --progress > 2026.txt",
          "", "Periods are UTC: --from is inclusive, --to exclusive; a date means the start of that day."})
  static final class Report implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigSource source;
    @Option(names = "--account", paramLabel = "ID", description = "One account (default: all accounts).")
    String account;
    @Option(names = "--from", paramLabel = "DATE|INSTANT",
        description = "Start, inclusive: a UTC date or an ISO-8601 instant (default: start of this UTC month).")
    String from;
    @Option(names = "--to", paramLabel = "DATE|INSTANT",
        description = "End, exclusive (default: start of next UTC month).")
    String to;
    @Option(names = "--by", paramLabel = "model|key|day", defaultValue = "model",
        description = "Group by model, key or UTC day (default: ${DEFAULT-VALUE}).")
    String by;
    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
        description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--currency", paramLabel = "CODE",
        description = "Currency of the local view (default: the account's currency, else CNY).")
    String currency;
    @Option(names = "--progress", negatable = true,
        description = "Show progress on stderr, reading the period a few days at a time (default: when stderr is a "
            + "terminal).")
    Boolean progress;

    @Override
    public Integer call() {
      if (!format.equals("table") && !format.equals("csv") && !format.equals("json")) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "format: " + format + " (expected: table, csv or json)");
      }
      UsageQuery query;
      try {
        query = ReportParams.query(account, from, to, by, Clock.systemUTC().instant());
      } catch (ReportParams.Invalid e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      ShepherdConfig config;
      try {
        config = source.load(-1);
      } catch (ConfigException e) {
        System.err.println("invalid config: " + e.getMessage());
        return 1;
      }
      Rates rates = Rates.of(config.billing());
      try (QuietStore quiet = QuietStore.start();
          Store store = JdbcStore.open(config.store().url(), config.store().username(), config.store().password())) {
        Optional<Account> owner = query.accountId() == null ? Optional.empty()
            : store.billing().account(query.accountId());
        if (query.accountId() != null && owner.isEmpty()) {
          System.err.println("no account with id " + query.accountId());
          return 1;
        }
        String code;
        try {
          code = ReportParams.currency(currency, owner.map(Account::currency).orElse(null), rates);
        } catch (ReportParams.Invalid e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Progress p = Progress.of(progress);
        List<UsageRow> rows = p.enabled() ? inSteps(store.usage(), query, p) : store.usage().summarize(query);
        UsageReport report = UsageReport.of(query, rows, rates, code);
        System.out.print(switch (format) {
          case "csv" -> UsageReportFormat.csv(report);
          case "json" -> UsageReportFormat.json(report).toPrettyString() + System.lineSeparator();
          default -> UsageReportFormat.table(report);
        });
        System.out.flush();
        return 0;
      }
    }

    /**
     * The same sums, read in steps of whole days (at most 100 steps) and added up
     * per group, reporting progress after each step.
     */
    static List<UsageRow> inSteps(UsageReports usage, UsageQuery query, Progress p) {
      long span = query.toMillis() - query.fromMillis();
      long days = Math.ceilDiv(span, DAY);
      long step = Math.ceilDiv(days, MAX_STEPS) * DAY;
      Map<String, UsageRow> merged = new TreeMap<>();
      p.update("reading usage, days", 0, days);
      for (long from = query.fromMillis(); from < query.toMillis(); from += step) {
        long to = Math.min(query.toMillis(), from + step);
        for (UsageRow r : usage.summarize(new UsageQuery(query.accountId(), from, to, query.by()))) {
          merged.merge(r.group(), r, UsageRow::plus);
        }
        p.update("reading usage, days", Math.ceilDiv(to - query.fromMillis(), DAY), days);
      }
      return List.copyOf(merged.values());
    }
  }
}
