package dev.shepherd.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The provider kinds a config may name: the one place to add a kind (e.g. {@code anthropic},
 * {@code gemini}). {@code remote} kinds call an upstream over HTTP and take an http(s) {@code
 * base_url}; the others (the simulator) run in-process and take none.
 */
enum ProviderKind {
  OPENAI("openai", true),
  SIMULATOR("simulator", false);

  final String yamlName;
  final boolean remote;

  ProviderKind(String yamlName, boolean remote) {
    this.yamlName = yamlName;
    this.remote = remote;
  }

  /** The kind named {@code name}, or {@code null}. */
  static ProviderKind of(String name) {
    for (ProviderKind k : values()) {
      if (k.yamlName.equals(name)) {
        return k;
      }
    }
    return null;
  }

  /** "openai, simulator": for error messages. */
  static String names() {
    return Arrays.stream(values()).map(k -> k.yamlName).collect(Collectors.joining(", "));
  }
}
