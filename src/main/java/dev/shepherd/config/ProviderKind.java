package dev.shepherd.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The provider kinds a config may name: the one place to add a kind. {@code remote} kinds call an
 * upstream over HTTP and take an http(s) {@code base_url}; the others (the simulator) run
 * in-process and take none. A kind with a {@code defaultBaseUrl} is usable with just an
 * {@code api_key}; {@code chatOnly} kinds serve {@code /chat/completions} and nothing else.
 */
enum ProviderKind {
  OPENAI("openai", true, "", false),
  ANTHROPIC("anthropic", true, "https://api.anthropic.com/v1", true),
  GEMINI("gemini", true, "https://generativelanguage.googleapis.com/v1beta", true),
  SIMULATOR("simulator", false, "", false);

  final String yamlName;
  final boolean remote;
  final String defaultBaseUrl;
  final boolean chatOnly;

  ProviderKind(String yamlName, boolean remote, String defaultBaseUrl, boolean chatOnly) {
    this.yamlName = yamlName;
    this.remote = remote;
    this.defaultBaseUrl = defaultBaseUrl;
    this.chatOnly = chatOnly;
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

  /** "openai, anthropic, gemini, simulator": for error messages. */
  static String names() {
    return Arrays.stream(values()).map(k -> k.yamlName).collect(Collectors.joining(", "));
  }
}
