package dev.shepherd.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.config.ConfigException;
import dev.shepherd.config.ConfigFile;
import dev.shepherd.pipeline.Blocking;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code PATCH /admin/v1/deployments/{id}} with {@code {"weight": N}} (and {@code "model"} when the
 * deployment serves several models): sets the weight in the config file and reloads it, the same
 * validated reload as {@code POST /admin/v1/reload}.
 *
 * <p>Answers: 200 {@code {"object":"deployment","id","model","weight","config_version"}}; 400 for a
 * bad body, a shadow deployment, or an edit the config rejects (e.g. every weight of the model 0:
 * {@code invalid_config} naming every problem; the file and the running config are unchanged);
 * 404 for a deployment not in the file; 409 {@code config_not_editable} when the server runs
 * without a config file, the model comes from the built-in catalog, or the file is unreadable,
 * invalid as it is or not writable. If the edited file is written but the reload fails (a
 * provider's client cannot start), the previous text is written back. The file edit keeps
 * comments and formatting ({@link ConfigFile#setWeight}). Runs on a virtual thread; edits are
 * serialized.
 */
final class DeploymentsApi {
  static final String PREFIX = "/admin/v1/deployments/";
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Set<String> FIELDS = Set.of("weight", "model");
  private final LiveConfig live;

  DeploymentsApi(LiveConfig live) {
    this.live = live;
  }

  void patch(HttpServerRequest req, String path, byte[] body) {
    Blocking.call(io.vertx.core.Vertx.currentContext(), () -> apply(decode(path.substring(PREFIX.length())), body)).onSuccess(out ->
        req.response().putHeader("content-type", "application/json").end(out)
    ).onFailure(e -> {
      if (!(e instanceof ApiException)) {
        org.slf4j.LoggerFactory.getLogger(DeploymentsApi.class).error("weight change failed", e);
      }
      ErrorBodies.send(req.response(), ApiException.of(e));
    });
  }

  private String apply(String id, byte[] body) {
    JsonNode n = parse(body);
    int weight = weight(n.get("weight"));
    JsonNode m = n.get("model");
    if (m != null && !m.isNull() && !m.isTextual()) {
      throw new ApiException(ErrorKind.INVALID_TYPE, "model: " + m + " (expected: a model id)", "model");
    }
    String model = m == null || m.isNull() ? null : m.asText();
    ConfigFile file = live.file();
    if (file == null) {
      throw new ApiException(ErrorKind.CONFIG_NOT_EDITABLE, "Shepherd was started without --config: there is no"
          + " config file to change. Start it with a config file to edit weights here.");
    }
    synchronized (this) {
      String before;
      try {
        before = file.setWeight(id, model, weight);
      } catch (ConfigFile.Refused r) {
        throw new ApiException(switch (r.reason()) {
          case NOT_FOUND -> ErrorKind.NOT_FOUND;
          case INVALID -> ErrorKind.INVALID_VALUE;
          case NOT_EDITABLE -> ErrorKind.CONFIG_NOT_EDITABLE;
        }, r.getMessage(), r.reason() == ConfigFile.Refused.Reason.INVALID ? "model" : null);
      } catch (ConfigException e) {
        throw rejected(e);
      }
      LiveConfig.Reloaded r;
      try {
        r = live.reload();
      } catch (RuntimeException e) {
        file.restore(before);
        throw e instanceof ConfigException ce ? rejected(ce) : e;
      }
      String modelId = model != null ? model : modelOf(id);
      return JSON.createObjectNode().put("object", "deployment").put("id", id).put("model", modelId)
          .put("weight", weight).put("config_version", r.version()).toString();
    }
  }

  private ApiException rejected(ConfigException e) {
    return new ApiException(ErrorKind.CONFIG_INVALID, "The change was rejected; still serving version "
        + live.current().version() + ". " + String.join("; ", e.problems()), "weight");
  }

  /** The model serving {@code id} in the current generation (the edit made sure there is one). */
  private String modelOf(String id) {
    return live.current().catalog().all().stream()
        .filter(m -> m.deployments().stream().anyMatch(d -> d.id().equals(id)))
        .map(dev.shepherd.routing.ModelEntry::id).findFirst().orElse(null);
  }

  private static JsonNode parse(byte[] body) {
    JsonNode n;
    try {
      n = body == null || body.length == 0 ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(ErrorKind.INVALID_JSON, "The body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new ApiException(ErrorKind.INVALID_JSON, "The body cannot be read: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new ApiException(ErrorKind.INVALID_JSON, "The body must be a JSON object: {\"weight\": N}");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new ApiException(ErrorKind.INVALID_VALUE, f + ": unknown field (expected: weight, model)", f);
      }
    }
    return n;
  }

  private static int weight(JsonNode w) {
    if (w == null || w.isNull()) {
      throw new ApiException(ErrorKind.MISSING_PARAMETER, "weight: missing (expected: an integer ≥ 0)", "weight");
    }
    if (!w.isIntegralNumber() || !w.canConvertToInt() || w.intValue() < 0) {
      throw new ApiException(ErrorKind.INVALID_VALUE, "weight: " + w + " (expected: an integer ≥ 0)", "weight");
    }
    return w.intValue();
  }

  /** The path segment as sent: percent-escapes decoded, {@code +} kept (ids may contain it). */
  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorKind.INVALID_VALUE, "Deployment id: " + raw + " (expected: provider/upstream-model,"
          + " percent-encoded where needed)");
    }
  }
}
