package dev.shepherd.cli;

import dev.shepherd.config.ConfigException;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.config.StoreConfig;
import dev.shepherd.server.ShepherdServer;
import dev.shepherd.store.Store;
import dev.shepherd.store.jdbc.JdbcStore;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shepherd serve}: runs the gateway until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the gateway. With no --config: embedded SQLite under --data-dir and the built-in model catalog.")
public final class ServeCommand implements Callable<Integer> {
  @Mixin
  ConfigSource source;

  @Option(names = "--port", paramLabel = "N", defaultValue = "-1",
      description = "Listen on this port (overrides server.port; 0 picks a free port).")
  int port;

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
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
}
