package dev.shepherd.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Reads YAML configuration into a validated {@link ShepherdConfig}.
 *
 * <p>Guarantees: {@code ${VAR}} and {@code ${VAR:-default}} are interpolated from {@code env};
 * unknown keys are rejected naming their path; every value is validated before a config is
 * returned. Any problem is a {@link ConfigException} whose message names the key path and the
 * expected value.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Loads and validates {@code file}. */
  public static ShepherdConfig load(Path file, Map<String, String> env) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The embedded defaults: SQLite under {@code dataDir} and the built-in model catalog. */
  public static ShepherdConfig builtIn(Path dataDir, Map<String, String> env) {
    throw new UnsupportedOperationException("TODO");
  }
}
