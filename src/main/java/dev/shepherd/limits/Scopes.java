package dev.shepherd.limits;

import java.util.Arrays;
import java.util.List;

/** Picks the scopes a call counts: those with a limit, sorted by id (the lock order), each id once. */
final class Scopes {
  private static final LimitScope[] NONE = new LimitScope[0];

  private Scopes() {}

  /** The limited scopes of {@code scopes} in id order; where an id repeats, its first entry. */
  static LimitScope[] counted(List<LimitScope> scopes) {
    LimitScope[] out = null;
    int n = 0;
    for (int i = 0, size = scopes.size(); i < size; i++) {
      LimitScope s = scopes.get(i);
      if (s.values().isNone()) {
        continue;
      }
      if (out == null) {
        out = new LimitScope[size - i];
      }
      int at = insertionPoint(out, n, s.id());
      if (at < 0) {
        continue; // the id is there already
      }
      System.arraycopy(out, at, out, at + 1, n - at);
      out[at] = s;
      n++;
    }
    if (n == 0) {
      return NONE;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** Where {@code id} goes in {@code sorted[0..n)}, or -1 if present (a call names a handful of scopes). */
  private static int insertionPoint(LimitScope[] sorted, int n, String id) {
    int j = n;
    while (j > 0) {
      int c = sorted[j - 1].id().compareTo(id);
      if (c == 0) {
        return -1;
      }
      if (c < 0) {
        break;
      }
      j--;
    }
    return j;
  }
}
