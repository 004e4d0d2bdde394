package dev.shepherd.pipeline;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.routing.ModelEntry;
import dev.shepherd.store.KeyRecord;
import io.vertx.core.Future;

/** Finds the public model, checks the key may use it and that it can be served. */
final class ResolveModel implements Stage {

  @Override
  public String name() {
    return "resolve-model";
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    String id = ex.parsed().model();
    ModelEntry model = ex.generation().catalog().model(id);
    KeyRecord key = ex.key();
    if (model == null || (key.models() != null && !key.models().contains(id))) {
      // A key limited to other models learns nothing about the rest of the catalog.
      if (model != null) {
        throw new ApiException(ErrorKind.MODEL_NOT_ALLOWED,
            "This API key is not allowed to use the model '" + id + "'.", "model");
      }
      throw new ApiException(ErrorKind.MODEL_NOT_FOUND,
          "The model '" + id + "' does not exist or you do not have access to it.", "model");
    }
    if (!model.available()) {
      throw new ApiException(ErrorKind.MODEL_UNAVAILABLE,
          "The model '" + id + "' is not available on this gateway right now (no configured upstream).", "model");
    }
    if (!model.supports(ex.endpoint())) {
      throw new ApiException(ErrorKind.INVALID_VALUE,
          "The model '" + id + "' does not support " + ex.endpoint().path(), "model");
    }
    ex.model(model);
    return Future.succeededFuture();
  }
}
