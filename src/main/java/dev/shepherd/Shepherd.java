package dev.shepherd;

import dev.shepherd.cli.CheckConfigCommand;
import dev.shepherd.cli.KeysCommand;
import dev.shepherd.cli.LedgerCommand;
import dev.shepherd.cli.ServeCommand;
import dev.shepherd.cli.UsageCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code shepherd} command line: {@code serve}, {@code check-config}, {@code keys}, {@code ledger}, {@code usage}. */
@Command(
    name = "shepherd",
    mixinStandardHelpOptions = true,
    version = "shepherd 0.1.0",
    description = "Self-hosted, OpenAI-compatible LLM gateway.",
    footer = {"", "Examples:", "  shepherd serve --config shepherd.yaml",
        "  shepherd keys create --name ci --models gpt-4o-mini --config shepherd.yaml",
        "", "Every command has --help with its own example."},
    subcommands = {ServeCommand.class, CheckConfigCommand.class, KeysCommand.class, LedgerCommand.class,
        UsageCommand.class})
public final class Shepherd implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Shepherd()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
