package dev.shepherd.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.routing.Catalog;
import java.util.function.Supplier;
import dev.shepherd.routing.Deployment;
import dev.shepherd.routing.ModelEntry;
import dev.shepherd.store.KeyRecord;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} in OpenAI's shape. Each model also
 * carries a {@code shepherd} object: availability (and why not), whether it is simulated, its
 * context window. Models a key may not use are not shown to it.
 */
final class ModelsApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Supplier<Catalog> catalog;
  private final long created;

  ModelsApi(Supplier<Catalog> catalog, long createdEpochSeconds) {
    this.catalog = catalog;
    this.created = createdEpochSeconds;
  }

  void list(KeyRecord key, HttpServerResponse response) {
    ObjectNode root = JSON.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    for (ModelEntry m : catalog.get().all()) {
      if (visible(key, m)) {
        data.add(model(m));
      }
    }
    send(response, root);
  }

  void get(KeyRecord key, String id, HttpServerResponse response) {
    ModelEntry m = catalog.get().model(id);
    if (m == null || !visible(key, m)) {
      throw new ApiException(ErrorKind.MODEL_NOT_FOUND, "The model '" + id + "' does not exist", "model");
    }
    send(response, model(m));
  }

  private static boolean visible(KeyRecord key, ModelEntry m) {
    return key.models() == null || key.models().contains(m.id());
  }

  private ObjectNode model(ModelEntry m) {
    ObjectNode n = JSON.createObjectNode()
        .put("id", m.id())
        .put("object", "model")
        .put("created", created)
        .put("owned_by", m.config().ownedBy());
    ObjectNode s = n.putObject("shepherd")
        .put("available", m.available())
        .put("simulated", m.simulated())
        .put("context_window", m.config().contextWindow());
    if (!m.available()) {
      s.put("unavailable_reason", "no configured upstream: "
          + m.deployments().stream().map(Deployment::provider).distinct().toList()
          + " need credentials or a base_url");
    }
    return n;
  }

  private static void send(HttpServerResponse response, ObjectNode body) {
    response.putHeader("content-type", "application/json").end(body.toString());
  }
}
