package dev.shepherd.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  @Test
  void retriesAreCappedAtTheRatioOfRequestsPlusTheFloor() {
    RetryBudget budget = new RetryBudget(0.2, 1); // floor: 1/s × 10 s = 10
    for (int i = 0; i < 100; i++) {
      budget.onRequest(1_000);
    }
    int granted = 0;
    for (int i = 0; i < 1_000; i++) {
      if (budget.tryRetry(1_000)) {
        granted++;
      }
    }
    assertEquals(20 + 10, granted, "20% of 100 requests + a floor of 10");
    assertEquals(0, budget.remaining(1_000));
  }

  @Test
  void theBudgetRefillsAsTheWindowMoves() {
    RetryBudget budget = new RetryBudget(0.0, 1);
    for (int i = 0; i < 10; i++) {
      assertTrue(budget.tryRetry(0));
    }
    assertFalse(budget.tryRetry(0));
    assertFalse(budget.tryRetry(9_999));
    assertTrue(budget.tryRetry(11_000), "the retries of t=0 left the 10 s window");
  }

  @Test
  void zeroBudgetMeansNoRetries() {
    RetryBudget budget = new RetryBudget(0.0, 0);
    budget.onRequest(0);
    assertFalse(budget.tryRetry(0));
  }
}
