package dev.shepherd.pipeline;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs blocking work (JDBC, files) on a virtual thread and completes the returned future back on
 * the caller's event-loop context, so handlers never block an event loop.
 */
public final class Blocking {
  private static final ExecutorService VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();

  private Blocking() {}

  /** Runs {@code work} on a virtual thread, reporting nothing back (it must handle its own failures). */
  public static void run(Runnable work) {
    VIRTUAL.execute(() -> {
      try {
        work.run();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Blocking.class).error("background work failed", e);
      }
    });
  }

  /** Runs {@code work} on a virtual thread; the future completes on {@code context}. */
  public static <T> Future<T> call(Context context, Callable<T> work) {
    Promise<T> promise = Promise.promise();
    VIRTUAL.execute(() -> {
      try {
        T value = work.call();
        context.runOnContext(v -> promise.complete(value));
      } catch (Throwable t) {
        context.runOnContext(v -> promise.fail(t));
      }
    });
    return promise.future();
  }
}
