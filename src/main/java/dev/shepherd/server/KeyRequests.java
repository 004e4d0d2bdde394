package dev.shepherd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.auth.ApiKeys;
import dev.shepherd.routing.Catalog;
import dev.shepherd.store.KeyRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Validates {@code POST /admin/v1/keys} bodies; every problem names its field. */
final class KeyRequests {
  private static final Set<String> FIELDS = Set.of("name", "models", "account_id", "rpm", "tpm", "max_parallel",
      "expires_at", "daily_spend_cap", "monthly_spend_cap");

  private KeyRequests() {}

  /** A validated key ready to store, with its plaintext (returned once to the caller). */
  record Create(KeyRecord record, String plaintext) {}

  static Create parse(ObjectMapper json, byte[] body, Catalog catalog, Clock clock) {
    JsonNode n;
    try {
      n = json.readTree(body);
    } catch (Exception e) {
      throw new ApiException(ErrorKind.INVALID_JSON, "malformed JSON in request body");
    }
    if (n == null || !n.isObject()) {
      throw new ApiException(ErrorKind.INVALID_JSON, "request body must be a JSON object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new ApiException(ErrorKind.INVALID_VALUE, f + ": unknown field (expected one of: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")", f);
      }
    }
    JsonNode name = n.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw new ApiException(ErrorKind.MISSING_PARAMETER, "name: required non-empty string", "name");
    }
    long now = clock.millis();
    String accountId = text(n, "account_id");
    Long dailyCap = spendCap(n, "daily_spend_cap", accountId);
    Long monthlyCap = spendCap(n, "monthly_spend_cap", accountId);
    String plaintext = ApiKeys.generate(ApiKeys.PREFIX);
    KeyRecord record = new KeyRecord(ApiKeys.newId("key_"), name.asText(), ApiKeys.hash(plaintext),
        ApiKeys.displayPrefix(plaintext), accountId, models(n.get("models"), catalog),
        positive(n, "rpm"), positive(n, "tpm"), toInt(positive(n, "max_parallel")), expiresAt(n.get("expires_at"), now),
        now, null, now, dailyCap, monthlyCap);
    return new Create(record, plaintext);
  }

  /** A spend cap: a decimal USD string above zero, only on a key with an account (only those are metered). */
  private static Long spendCap(JsonNode n, String field, String accountId) {
    String text = text(n, field);
    if (text == null) {
      return null;
    }
    long micros;
    try {
      micros = dev.shepherd.billing.Micros.parse(field, text, false);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorKind.INVALID_VALUE, e.getMessage(), field);
    }
    if (micros <= 0) {
      throw new ApiException(ErrorKind.INVALID_VALUE, field + ": " + text + " (expected: an amount in USD > 0, such as \"25.00\")",
          field);
    }
    if (accountId == null) {
      throw new ApiException(ErrorKind.INVALID_VALUE, field + ": needs account_id (only keys of an account are metered)",
          field);
    }
    return micros;
  }

  private static List<String> models(JsonNode m, Catalog catalog) {
    if (m == null || m.isNull()) {
      return null;
    }
    if (!m.isArray()) {
      throw new ApiException(ErrorKind.INVALID_TYPE, "models: expected an array of model ids", "models");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : m) {
      if (!e.isTextual()) {
        throw new ApiException(ErrorKind.INVALID_TYPE, "models: expected an array of model ids", "models");
      }
      if (catalog.model(e.asText()) == null) {
        throw new ApiException(ErrorKind.INVALID_VALUE, "models: unknown model '" + e.asText() + "'", "models");
      }
      out.add(e.asText());
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ApiException(ErrorKind.INVALID_TYPE, field + ": expected a string", field);
    }
    return v.asText();
  }

  private static Integer toInt(Long v) {
    if (v != null && v > Integer.MAX_VALUE) {
      throw new ApiException(ErrorKind.INVALID_VALUE, "max_parallel: " + v + " (expected: at most " + Integer.MAX_VALUE + ")",
          "max_parallel");
    }
    return v == null ? null : v.intValue();
  }

  private static Long positive(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || v.asLong() <= 0) {
      throw new ApiException(ErrorKind.INVALID_VALUE, field + ": " + v + " (expected: a positive integer)", field);
    }
    return v.asLong();
  }

  /** Epoch seconds or an ISO-8601 instant; must be in the future. */
  private static Long expiresAt(JsonNode v, long now) {
    if (v == null || v.isNull()) {
      return null;
    }
    long millis;
    if (v.isIntegralNumber()) {
      millis = v.asLong() * 1000;
    } else if (v.isTextual()) {
      try {
        millis = Instant.parse(v.asText()).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new ApiException(ErrorKind.INVALID_VALUE,
            "expires_at: '" + v.asText() + "' (expected: epoch seconds or an ISO-8601 instant like 2027-01-01T00:00:00Z)",
            "expires_at");
      }
    } else {
      throw new ApiException(ErrorKind.INVALID_TYPE, "expires_at: expected epoch seconds or an ISO-8601 string", "expires_at");
    }
    if (millis <= now) {
      throw new ApiException(ErrorKind.INVALID_VALUE, "expires_at: must be in the future", "expires_at");
    }
    return millis;
  }
}
