package dev.shepherd.billing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link UsageReport} as text: an aligned table, CSV (RFC 4180, a header row, the total last
 * with group {@code TOTAL}) or a JSON object. Money is a decimal string of USD or of the report
 * currency ({@link Micros#format}), percentages have 2 decimals, token counts are integers.
 */
public final class UsageReportFormat {
  private UsageReportFormat() {}

  /** The column names of the table and the CSV header; the first is the grouping. */
  static List<String> columns(UsageReport r) {
    String c = r.currency().toLowerCase(Locale.ROOT);
    return List.of(r.query().by().id(), "requests", "prompt_tokens", "cached_tokens", "completion_tokens",
        "cost_usd", "list_cost_usd", "savings_usd", "savings_percent",
        "paid_" + c, "official_" + c, "savings_" + c, "savings_" + c + "_percent");
  }

  static List<String> cells(UsageReport.Line l) {
    return List.of(l.group(), Long.toString(l.requests()), Long.toString(l.promptTokens()),
        Long.toString(l.cachedTokens()), Long.toString(l.completionTokens()), Micros.format(l.costMicros()),
        Micros.format(l.listCostMicros()), Micros.format(l.savedMicros()), UsageReport.percent(l.savedBasisPoints()),
        Micros.format(l.paidMicros()), Micros.format(l.officialMicros()), Micros.format(l.savedInCurrencyMicros()),
        UsageReport.percent(l.savedInCurrencyBasisPoints()));
  }

  /** A heading, aligned columns (group left, figures right), the total last, then how the currency view is computed. */
  public static String table(UsageReport r) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(columns(r).stream().map(s -> s.toUpperCase(Locale.ROOT)).toList());
    r.rows().forEach(l -> lines.add(cells(l)));
    lines.add(cells(r.total()));
    int[] width = new int[lines.getFirst().size()];
    for (List<String> line : lines) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder(heading(r)).append('\n');
    for (List<String> line : lines) {
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        String cell = line.get(i);
        String pad = " ".repeat(width[i] - cell.length());
        row.append(i == 0 ? cell + pad : "  " + pad + cell);
      }
      out.append(row.toString().stripTrailing()).append('\n');
    }
    return out.append(r.currency()).append(": paid = cost / plan rate ").append(r.planRate().toPlainString())
        .append(" (USD of credit per ").append(r.currency()).append("); official = list cost x market rate ")
        .append(r.marketRate().toPlainString()).append(" (").append(r.currency()).append(" per USD)\n").toString();
  }

  /** {@code usage by model, account acct_1, 2026-11-01T00:00:00Z to 2026-12-01T00:00:00Z (end exclusive)}. */
  static String heading(UsageReport r) {
    return "usage by " + r.query().by().id() + ", "
        + (r.query().accountId() == null ? "all accounts" : "account " + r.query().accountId()) + ", "
        + Instant.ofEpochMilli(r.query().fromMillis()) + " to " + Instant.ofEpochMilli(r.query().toMillis())
        + " (end exclusive)";
  }

  /** A header row, one row per group, the total last (group {@code TOTAL}); CRLF line ends. */
  public static String csv(UsageReport r) {
    StringBuilder out = new StringBuilder();
    csvLine(out, columns(r));
    r.rows().forEach(l -> csvLine(out, cells(l)));
    csvLine(out, cells(r.total()));
    return out.toString();
  }

  private static void csvLine(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      if (i > 0) {
        out.append(',');
      }
      boolean quote = c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0;
      out.append(quote ? '"' + c.replace("\"", "\"\"") + '"' : c);
    }
    out.append("\r\n");
  }

  /**
   * {@code {"object":"usage_report","account_id","by","from","to","currency","plan_rate","market_rate",
   * "rows":[line...],"total":line}}, each line as {@link #line}.
   */
  public static ObjectNode json(UsageReport r) {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("object", "usage_report")
        .put("account_id", r.query().accountId()).put("by", r.query().by().id())
        .put("from", Instant.ofEpochMilli(r.query().fromMillis()).toString())
        .put("to", Instant.ofEpochMilli(r.query().toMillis()).toString())
        .put("currency", r.currency()).put("plan_rate", r.planRate().toPlainString())
        .put("market_rate", r.marketRate().toPlainString());
    ArrayNode rows = out.putArray("rows");
    r.rows().forEach(l -> rows.add(line(l, r.currency())));
    out.set("total", line(r.total(), r.currency()));
    return out;
  }

  /**
   * {@code {"group","requests","prompt_tokens","cached_tokens","completion_tokens","cost","list_cost",
   * "savings","savings_percent","in_currency":{"currency","paid","official","savings","savings_percent"}}}.
   */
  public static ObjectNode line(UsageReport.Line l, String currency) {
    ObjectNode n = JsonNodeFactory.instance.objectNode().put("group", l.group()).put("requests", l.requests())
        .put("prompt_tokens", l.promptTokens()).put("cached_tokens", l.cachedTokens())
        .put("completion_tokens", l.completionTokens()).put("cost", Micros.format(l.costMicros()))
        .put("list_cost", Micros.format(l.listCostMicros())).put("savings", Micros.format(l.savedMicros()))
        .put("savings_percent", UsageReport.percent(l.savedBasisPoints()));
    n.putObject("in_currency").put("currency", currency).put("paid", Micros.format(l.paidMicros()))
        .put("official", Micros.format(l.officialMicros())).put("savings", Micros.format(l.savedInCurrencyMicros()))
        .put("savings_percent", UsageReport.percent(l.savedInCurrencyBasisPoints()));
    return n;
  }
}
