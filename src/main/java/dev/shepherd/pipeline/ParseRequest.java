package dev.shepherd.pipeline;

import dev.shepherd.api.openai.RequestParser;
import io.vertx.core.Future;

/** Validates the body and extracts what later stages need (one streaming pass, no tree). */
final class ParseRequest implements Stage {
  @Override
  public String name() {
    return "parse";
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    ex.parsed(RequestParser.parse(ex.endpoint(), ex.body()));
    return Future.succeededFuture();
  }
}
