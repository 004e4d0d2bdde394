package dev.shepherd.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The YAML file a server was started with ({@code serve --config}). {@link #get} reads and
 * validates it (what a reload applies); {@link #setWeight} rewrites one deployment's weight in the
 * file, keeping everything else in it byte for byte (see {@link WeightEdit}).
 *
 * <p>Guarantees of {@link #setWeight}: the file is rewritten only when the edited text is a valid
 * config that differs from the file's current config in exactly that weight; otherwise it throws
 * and the file is unchanged. The new text replaces the file atomically (a temporary file in the
 * same directory, then a rename; a symlinked file is written where the link points, with the
 * original's permissions), so a reader (the file watcher, a reload) never sees half a file. Edits
 * are serialized per instance. Several Shepherd processes editing one file are not coordinated.
 */
public final class ConfigFile implements Supplier<ShepherdConfig> {
  private final Path path;
  private final Map<String, String> env;

  /** {@code path} read with {@code env} for {@code ${VAR}} references. */
  public ConfigFile(Path path, Map<String, String> env) {
    this.path = path;
    this.env = Map.copyOf(env);
  }

  /** The file as given on the command line. */
  public Path path() {
    return path;
  }

  /**
   * Reads and validates the file.
   *
   * @throws ConfigException listing every problem
   */
  @Override
  public ShepherdConfig get() {
    return ConfigLoader.load(path, env);
  }

  /**
   * Sets the weight of the deployment {@code deploymentId} ({@code provider/upstream-model}) of
   * model {@code model} ({@code null}: whichever model has it, when only one does) and writes the
   * file. Blocks (file I/O).
   *
   * @return the text before the edit, for {@link #restore}
   * @throws Refused when the deployment is not in the file, is ambiguous, or the file cannot be
   *     edited (unreadable, invalid now, not writable)
   * @throws ConfigException when the edited file would be invalid (e.g. every weight of the model 0)
   */
  public synchronized String setWeight(String deploymentId, String model, int weight) {
    String before = read();
    ShepherdConfig now;
    try {
      now = ConfigLoader.parse(before, path.toString(), env, ConfigLoader.DEFAULT_DATA_DIR);
    } catch (ConfigException e) {
      throw new Refused(Refused.Reason.NOT_EDITABLE, "The config file " + path + " is invalid as it is now; fix it first: "
          + String.join("; ", e.problems()));
    }
    int[] at = locate(now, before, deploymentId, model);
    DeploymentConfig d = now.models().get(at[0]).deployments().get(at[1]);
    if (d.shadow()) {
      throw new Refused(Refused.Reason.INVALID, "weight: " + deploymentId + " is a shadow deployment of "
          + now.models().get(at[0]).id() + " (expected: a serving deployment; a shadow's share is shadow_percent)");
    }
    String after = WeightEdit.apply(before, at[0], at[1], weight);
    ShepherdConfig edited = ConfigLoader.parse(after, path.toString(), env, ConfigLoader.DEFAULT_DATA_DIR);
    if (!edited.equals(withWeight(now, at[0], at[1], weight))) {
      throw new Refused(Refused.Reason.NOT_EDITABLE, "Editing the weight of " + deploymentId + " in " + path
          + " would change more than that weight (is it defined through a YAML anchor?); edit the file by hand.");
    }
    write(after);
    return before;
  }

  /** Writes {@code text} back (a reload of the edited file failed). Blocks. */
  public synchronized void restore(String text) {
    write(text);
  }

  private int[] locate(ShepherdConfig config, String text, String deploymentId, String model) {
    int inFile = WeightEdit.modelsInFile(text);
    List<int[]> found = new ArrayList<>();
    List<String> models = new ArrayList<>();
    for (int i = 0; i < config.models().size(); i++) {
      ModelConfig m = config.models().get(i);
      if (model != null && !m.id().equals(model)) {
        continue;
      }
      for (int j = 0; j < m.deployments().size(); j++) {
        DeploymentConfig d = m.deployments().get(j);
        if ((d.provider() + "/" + d.model()).equals(deploymentId)) { // as routing.Deployment.idOf
          found.add(new int[] {i, j});
          models.add(m.id());
        }
      }
    }
    if (found.isEmpty()) {
      throw new Refused(Refused.Reason.NOT_FOUND, "No deployment '" + deploymentId + "'"
          + (model == null ? "" : " in model '" + model + "'") + " in " + path + ".");
    }
    if (found.size() > 1) {
      throw new Refused(Refused.Reason.INVALID, "model: deployment " + deploymentId + " serves " + models
          + " (expected: the model whose deployment to change, in \"model\")");
    }
    if (found.getFirst()[0] >= inFile) {
      throw new Refused(Refused.Reason.NOT_EDITABLE, "Model '" + models.getFirst()
          + "' comes from the built-in catalog (include_builtin_catalog), not from " + path
          + "; copy it into the file to change its weights.");
    }
    return found.getFirst();
  }

  /** {@code c} with one deployment's weight replaced: what the edited file must load as. */
  static ShepherdConfig withWeight(ShepherdConfig c, int model, int deployment, int weight) {
    ModelConfig m = c.models().get(model);
    List<DeploymentConfig> ds = new ArrayList<>(m.deployments());
    DeploymentConfig d = ds.get(deployment);
    ds.set(deployment, new DeploymentConfig(d.provider(), d.model(), weight, d.priority(), d.contextWindow(),
        d.endpoints(), d.shadow(), d.shadowPercent(), d.dropParams()));
    List<ModelConfig> models = new ArrayList<>(c.models());
    models.set(model, new ModelConfig(m.id(), m.ownedBy(), m.contextWindow(), m.price(), m.listPrice(),
        m.priceSource(), ds, m.sticky(), m.limits(), m.tokenizer(), m.priceEffectiveFrom(), m.priceHistory()));
    return new ShepherdConfig(c.server(), c.store(), c.providers(), models, c.routing(), c.limits(),
        c.tokenizerFiles(), c.billing());
  }

  private String read() {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Refused(Refused.Reason.NOT_EDITABLE, "Cannot read the config file " + path + ": " + e);
    }
  }

  private void write(String text) {
    try {
      Path target = path.toRealPath();
      Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (posix != null) {
          Files.setPosixFilePermissions(tmp, posix.readAttributes().permissions());
        }
        try {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new Refused(Refused.Reason.NOT_EDITABLE, "Cannot write the config file " + path + ": " + e);
    }
  }

  /** An edit that was not made, and why. */
  public static final class Refused extends RuntimeException {
    /** Why: maps to 404, 400 and 409 in the admin API. */
    public enum Reason {
      NOT_FOUND,
      INVALID,
      NOT_EDITABLE
    }

    private final Reason reason;

    Refused(Reason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }
}
