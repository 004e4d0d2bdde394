package dev.shepherd.pipeline;

import dev.shepherd.auth.KeyCache;
import io.vertx.core.Future;

/** Resolves the caller's key from the in-memory cache (hashed lookup; never the store). */
final class Authenticate implements Stage {
  private final KeyCache keys;

  Authenticate(KeyCache keys) {
    this.keys = keys;
  }

  @Override
  public String name() {
    return "authenticate";
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    ex.key(keys.authenticate(ex.request().getHeader("authorization"), ex.request().getHeader("x-api-key")));
    return Future.succeededFuture();
  }
}
