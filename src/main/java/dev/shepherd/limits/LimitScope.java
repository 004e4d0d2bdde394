package dev.shepherd.limits;

import dev.shepherd.config.LimitValues;
import java.util.Objects;

/**
 * One thing a request is counted against (a key, a key on one model, an account) and its limits.
 * Scopes with the same {@code id} share their counters, whoever names them; an id should say what
 * it counts, e.g. {@code key:abc}, {@code key:abc/model:gpt-4.1}, {@code account:42}. A scope whose
 * {@code values} set no limit is not counted at all.
 *
 * @param id what the counters are kept under (non-empty)
 * @param values its limits; {@link LimitValues#NONE} for none
 */
public record LimitScope(String id, LimitValues values) {
  public LimitScope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(values, "values");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id: \"\" (expected: a non-empty scope id)");
    }
  }
}
