package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.store.UsageRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A usage report as an aligned table, CSV and JSON. */
class UsageReportFormatTest {
  static final UsageReport REPORT = UsageReport.of(UsageReportTest.NOVEMBER, List.of(
      UsageReportTest.deepseekMonth("0.28"), new UsageRow("gpt, \"mini\"", 3, 1_200, 200, 45, 15, 15)),
      Rates.DEFAULT, "CNY");

  @Test
  void tableAlignsColumnsAndEndsWithTheTotalAndTheRates() {
    List<String> lines = UsageReportFormat.table(REPORT).lines().toList();
    assertEquals("usage by model, account acct_1, 2026-11-01T00:00:00Z to 2026-12-01T00:00:00Z (end exclusive)",
        lines.get(0));
    assertTrue(lines.get(1).startsWith("MODEL          REQUESTS  PROMPT_TOKENS  CACHED_TOKENS"), lines.get(1));
    assertTrue(lines.get(1).endsWith("  SAVINGS_CNY  SAVINGS_CNY_PERCENT"), lines.get(1));
    assertTrue(lines.get(2).startsWith("deepseek-v3.2        50              0              0           50000000"),
        lines.get(2));
    assertTrue(lines.get(3).startsWith("gpt, \"mini\"           3           1200"), lines.get(3));
    assertTrue(lines.get(4).startsWith("TOTAL                53           1200            200           50000045"),
        lines.get(4));
    assertTrue(lines.get(4).endsWith("  14.000015     153.30011   139.300095                90.86"), lines.get(4));
    int width = lines.get(1).length();
    for (int i = 1; i <= 4; i++) {
      assertEquals(width, lines.get(i).length(), "every row as wide as the header: " + lines.get(i));
    }
    assertEquals("CNY: paid = cost / plan rate 1.0 (USD of credit per CNY); official = list cost x market rate 7.3"
        + " (CNY per USD)", lines.get(5));
  }

  @Test
  void csvHasAHeaderQuotesWhatNeedsItAndEndsWithTheTotal() {
    assertEquals("""
        model,requests,prompt_tokens,cached_tokens,completion_tokens,cost_usd,list_cost_usd,savings_usd,\
        savings_percent,paid_cny,official_cny,savings_cny,savings_cny_percent
        deepseek-v3.2,50,0,0,50000000,14.00,21.00,7.00,33.33,14.00,153.30,139.30,90.86
        "gpt, ""mini""\",3,1200,200,45,0.000015,0.000015,0.00,0.00,0.000015,0.00011,0.000095,86.36
        TOTAL,53,1200,200,50000045,14.000015,21.000015,7.00,33.33,14.000015,153.30011,139.300095,90.86
        """.replace("\n", "\r\n"), UsageReportFormat.csv(REPORT));
  }

  @Test
  void jsonHasRowsTotalAndTheCurrencyView() throws Exception {
    JsonNode n = new ObjectMapper().readTree(UsageReportFormat.json(REPORT).toString());
    assertEquals("usage_report", n.get("object").asText());
    assertEquals("acct_1", n.get("account_id").asText());
    assertEquals("model", n.get("by").asText());
    assertEquals("2026-11-01T00:00:00Z", n.get("from").asText());
    assertEquals("2026-12-01T00:00:00Z", n.get("to").asText());
    assertEquals("CNY", n.get("currency").asText());
    assertEquals("1.0", n.get("plan_rate").asText());
    assertEquals("7.3", n.get("market_rate").asText());
    assertEquals(2, n.get("rows").size());
    JsonNode d = n.get("rows").get(0);
    assertEquals("deepseek-v3.2", d.get("group").asText());
    assertEquals(50_000_000, d.get("completion_tokens").asLong());
    assertEquals("14.00", d.get("cost").asText());
    assertEquals("21.00", d.get("list_cost").asText());
    assertEquals("7.00", d.get("savings").asText());
    assertEquals("33.33", d.get("savings_percent").asText());
    assertEquals(new ObjectMapper().readTree("""
        {"currency":"CNY","paid":"14.00","official":"153.30","savings":"139.30","savings_percent":"90.86"}"""),
        d.get("in_currency"));
    assertEquals("TOTAL", n.get("total").get("group").asText());
    assertEquals(53, n.get("total").get("requests").asLong());
  }
}
