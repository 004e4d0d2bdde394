package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

/** Test helpers: load YAML text the way {@link ConfigLoader#load} loads a file. */
final class Yaml {
  static final Path DATA = Path.of("./shepherd-data");

  /** A minimal valid provider + model, for tests that only care about another section. */
  static final String ONE_MODEL =
      """
      providers:
        - name: sim
          kind: simulator
      models:
        - id: m1
          context_window: 1000
          price: {input_per_mtok: 1, output_per_mtok: 2}
          deployments:
            - provider: sim
      """;

  private Yaml() {}

  static ShepherdConfig load(String yaml) {
    return load(yaml, Map.of());
  }

  static ShepherdConfig load(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml, "test.yaml", env, DATA);
  }

  /** The message of the {@link ConfigException} that loading {@code yaml} must throw. */
  static String error(String yaml) {
    return error(yaml, Map.of());
  }

  static String error(String yaml, Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> load(yaml, env)).getMessage();
  }
}
