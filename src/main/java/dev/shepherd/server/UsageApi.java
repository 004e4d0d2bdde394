package dev.shepherd.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.billing.Rates;
import dev.shepherd.billing.ReportParams;
import dev.shepherd.billing.UsageReport;
import dev.shepherd.billing.UsageReportFormat;
import dev.shepherd.config.BillingConfig;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.store.Account;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.UsageQuery;
import dev.shepherd.store.UsageReports;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /admin/v1/usage?account=&from=&to=&by=&currency=&format=json|csv}: the usage report of
 * {@code shepherd usage report}, with the same parameters, defaults and arithmetic (see
 * {@link ReportParams}, {@link UsageReport}). A bad or unknown parameter is 400 naming it; an
 * unknown account 404. The store is read on a virtual thread, never on the event loop; the rates
 * are the live config's.
 */
final class UsageApi {
  private static final Set<String> PARAMS = Set.of("account", "from", "to", "by", "currency", "format");
  private final UsageReports usage;
  private final BillingStore accounts;
  private final Supplier<BillingConfig> config;
  private final Clock clock;

  UsageApi(UsageReports usage, BillingStore accounts, Supplier<BillingConfig> config, Clock clock) {
    this.usage = usage;
    this.accounts = accounts;
    this.config = config;
    this.clock = clock;
  }

  void report(HttpServerRequest req) {
    MultiMap params = req.params();
    UsageQuery query;
    String format;
    try {
      for (String name : params.names()) {
        if (!PARAMS.contains(name)) {
          throw new ReportParams.Invalid(name, name + ": unknown parameter (expected: one of " + sorted() + ")");
        }
        if (params.getAll(name).size() > 1) {
          throw new ReportParams.Invalid(name, name + ": given " + params.getAll(name).size() + " times (expected: once)");
        }
      }
      format = params.get("format") == null ? "json" : params.get("format");
      if (!format.equals("json") && !format.equals("csv")) {
        throw new ReportParams.Invalid("format", "format: " + format + " (expected: json or csv)");
      }
      query = ReportParams.query(params.get("account"), params.get("from"), params.get("to"), params.get("by"),
          clock.instant());
    } catch (ReportParams.Invalid e) {
      ErrorBodies.send(req.response(), invalid(e));
      return;
    }
    String currency = params.get("currency");
    Rates rates = Rates.of(config.get());
    Blocking.call(io.vertx.core.Vertx.currentContext(), () -> build(query, currency, rates)).onSuccess(report -> {
      if (format.equals("csv")) {
        req.response().putHeader("content-type", "text/csv; charset=utf-8").end(UsageReportFormat.csv(report));
      } else {
        req.response().putHeader("content-type", "application/json").end(UsageReportFormat.json(report).toString());
      }
    }).onFailure(e -> {
      if (e instanceof ReportParams.Invalid bad) {
        ErrorBodies.send(req.response(), invalid(bad));
        return;
      }
      if (!(e instanceof ApiException)) {
        org.slf4j.LoggerFactory.getLogger(UsageApi.class).error("usage report failed", e);
      }
      ErrorBodies.send(req.response(), ApiException.of(e));
    });
  }

  private UsageReport build(UsageQuery query, String currency, Rates rates) {
    String accountCurrency = null;
    if (query.accountId() != null) {
      accountCurrency = accounts.account(query.accountId()).map(Account::currency).orElseThrow(() ->
          new ApiException(ErrorKind.NOT_FOUND, "No account with id '" + query.accountId() + "'.", "account"));
    }
    String code = ReportParams.currency(currency, accountCurrency, rates);
    return UsageReport.of(query, usage.summarize(query), rates, code);
  }

  /**
   * This UTC month's usage of {@code account} (for {@code GET /v1/account}): the period, then the
   * totals as {@link UsageReportFormat#line}, in the account's currency. Blocks (JDBC).
   */
  static ObjectNode thisMonth(UsageReports usage, Account account, Rates rates, Instant now) {
    UsageQuery query = ReportParams.query(account.id(), null, null, "model", now);
    UsageReport r = UsageReport.of(query, usage.summarize(query), rates,
        ReportParams.currency(null, account.currency(), rates));
    ObjectNode line = UsageReportFormat.line(r.total(), r.currency());
    line.remove("group");
    ObjectNode out = line.objectNode().put("from", Instant.ofEpochMilli(query.fromMillis()).toString())
        .put("to", Instant.ofEpochMilli(query.toMillis()).toString());
    return out.setAll(line);
  }

  private static ApiException invalid(ReportParams.Invalid e) {
    return new ApiException(ErrorKind.INVALID_VALUE, e.getMessage(), e.param());
  }

  private static String sorted() {
    return String.join(", ", List.copyOf(new java.util.TreeSet<>(PARAMS)));
  }
}
