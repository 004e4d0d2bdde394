package dev.shepherd.provider.simulator;

import dev.shepherd.config.SimulatorSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Placeholder until the simulator lands (branch h-sim). */
public final class SimulatorServer implements AutoCloseable {
  public static Future<SimulatorServer> start(Vertx vertx, SimulatorSettings settings) {
    return Future.succeededFuture(new SimulatorServer());
  }

  public String baseUrl() {
    return "http://127.0.0.1:9/v1";
  }

  @Override
  public void close() {}
}
