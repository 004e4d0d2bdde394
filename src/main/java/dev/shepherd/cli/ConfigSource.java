package dev.shepherd.cli;

import dev.shepherd.config.ConfigLoader;
import dev.shepherd.config.ServerConfig;
import dev.shepherd.config.ShepherdConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by commands that need a configuration: {@code --config} and {@code --data-dir}. */
public final class ConfigSource {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (default: built-in catalog, embedded SQLite).")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "shepherd-data",
      description = "Where the embedded SQLite database lives when no config file is given (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  /**
   * Re-reads the config file for a reload (and lets the admin API edit its weights), or {@code null}
   * when running on the built-in defaults.
   */
  java.util.function.Supplier<ShepherdConfig> reloader() {
    return config == null ? null : new dev.shepherd.config.ConfigFile(config, System.getenv());
  }

  /** The validated config, with {@code port} overriding the listener's port when ≥ 0. */
  ShepherdConfig load(int port) {
    ShepherdConfig c = config == null
        ? ConfigLoader.builtIn(dataDir, System.getenv())
        : ConfigLoader.load(config, System.getenv());
    if (port < 0) {
      return c;
    }
    ServerConfig s = c.server();
    return c.withServer(new ServerConfig(s.host(), port, s.maxBodyBytes(), s.eventLoops()));
  }
}
