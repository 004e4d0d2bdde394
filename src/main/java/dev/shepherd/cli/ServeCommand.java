package dev.shepherd.cli;

import dev.shepherd.config.ConfigException;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.config.StoreConfig;
import dev.shepherd.server.ShepherdServer;
import dev.shepherd.store.Store;
import dev.shepherd.store.jdbc.JdbcStore;
import java.time.Clock;
import java.util.concurrent.Callable;
import dev.shepherd.config.ConfigFileWatcher;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shepherd serve}: runs the gateway until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the gateway. With no --config: embedded SQLite under --data-dir and the built-in model catalog.",
    footer = {"", "Examples:", "  shepherd serve --config shepherd.yaml",
        "  shepherd serve --data-dir ./shepherd-data --port 8080 --no-watch"})
public final class ServeCommand implements Callable<Integer> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServeCommand.class);
  @Mixin
  ConfigSource source;

  @Option(names = "--port", paramLabel = "N", defaultValue = "-1",
      description = "Listen on this port (overrides server.port; 0 picks a free port).")
  int port;

  @Option(names = "--watch", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Reload the --config file when it changes (default: on; --no-watch turns it off). "
          + "POST /admin/v1/reload works either way.")
  boolean watch;

  @Override
  public Integer call() throws Exception {
    ShepherdConfig config;
    try {
      config = source.load(port);
    } catch (ConfigException e) {
      System.err.println("invalid config: " + e.getMessage());
      return 1;
    }
    StoreConfig sc = config.store();
    Store store = JdbcStore.open(sc.url(), sc.username(), sc.password());
    ShepherdServer server = ShepherdServer.start(config, store,
        AdminKeyBootstrap.resolve(store.keys(), System.getenv(), System.out), Clock.systemUTC(),
        ShepherdServer.defaultAccessLog(), source.reloader());
    AutoCloseable watcher = watch && source.config != null
        ? ConfigFileWatcher.start(source.config, Duration.ofMillis(200), () -> reload(server))
        : () -> { };
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        watcher.close();
      } catch (Exception e) {
        LOG.warn("config watcher did not stop cleanly: {}", e.toString());
      }
      server.close();
      store.close();
      stopped.countDown();
    }, "shutdown"));
    long available = config.models().stream().filter(m -> m.deployments().stream()
        .anyMatch(d -> config.provider(d.provider()).available())).count();
    System.out.printf("Shepherd listening on http://%s:%d/v1 (store: %s, %d models, %d available)%n",
        config.server().host(), server.port(), store.dialect(), config.models().size(), available);
    stopped.await();
    return 0;
  }

  /** A changed file is applied, or rejected with every problem while the old config keeps serving. */
  private static void reload(ShepherdServer server) {
    try {
      LOG.info("config file changed; reloaded: {}", server.reload());
    } catch (ConfigException e) {
      LOG.warn("config file changed but was rejected; still serving the previous config:\n  {}",
          String.join("\n  ", e.problems()));
    }
  }
}
