package dev.shepherd.cli;

import dev.shepherd.config.ConfigException;
import dev.shepherd.config.ConfigLoader;
import dev.shepherd.config.EffectiveConfigPrinter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code shepherd check-config FILE}: validates and prints the effective config (sorted, secrets masked). */
@Command(name = "check-config", mixinStandardHelpOptions = true,
    description = "Validate a config file and print the effective configuration (sorted, secrets masked). Exit 1 on any error.",
    footer = {"", "Example:", "  shepherd check-config shepherd.yaml > effective.yaml"})
public final class CheckConfigCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "YAML config file")
  Path file;

  @Override
  public Integer call() {
    try {
      System.out.print(EffectiveConfigPrinter.print(ConfigLoader.load(file, System.getenv())));
      return 0;
    } catch (ConfigException e) {
      System.err.println("invalid config " + file + ": " + e.getMessage());
      return 1;
    }
  }
}
