package dev.shepherd.config;

import java.util.Locale;
import java.util.Set;

/** Masks secrets for printing: whole values, URL userinfo passwords and secret query parameters. */
final class Secrets {
  static final String MASK = "****";

  /** Query parameter names whose values are masked in URLs (compared case-insensitively). */
  private static final Set<String> SECRET_PARAMS =
      Set.of("password", "key", "api_key", "apikey", "token", "access_token", "secret");

  private Secrets() {}

  /** {@code ""} for an empty secret (so an operator sees it is unset), otherwise {@code ****}. */
  static String mask(String secret) {
    return secret == null || secret.isEmpty() ? "" : MASK;
  }

  /**
   * {@code url} with the password of its userinfo ({@code scheme://user:PASSWORD@host}) and the
   * values of secret query parameters ({@code ?password=...}, {@code &key=...}) replaced by
   * {@code ****}. Works on JDBC URLs too. Anything that is not a URL is returned unchanged.
   */
  static String maskUrl(String url) {
    if (url == null) {
      return null;
    }
    String out = url;
    int scheme = out.indexOf("://");
    if (scheme >= 0) {
      int start = scheme + 3;
      int end = start;
      while (end < out.length() && "/?#".indexOf(out.charAt(end)) < 0) {
        end++;
      }
      int at = out.lastIndexOf('@', end - 1);
      if (at >= start) {
        int colon = out.indexOf(':', start);
        if (colon >= 0 && colon < at) {
          out = out.substring(0, colon + 1) + MASK + out.substring(at);
        }
      }
    }
    int query = out.indexOf('?');
    if (query < 0) {
      return out;
    }
    StringBuilder b = new StringBuilder(out.substring(0, query + 1));
    String[] params = out.substring(query + 1).split("&", -1);
    for (int i = 0; i < params.length; i++) {
      String param = params[i];
      int eq = param.indexOf('=');
      if (eq > 0 && SECRET_PARAMS.contains(param.substring(0, eq).toLowerCase(Locale.ROOT))) {
        param = param.substring(0, eq + 1) + MASK;
      }
      b.append(i == 0 ? "" : "&").append(param);
    }
    return b.toString();
  }
}
