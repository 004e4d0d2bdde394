package dev.shepherd.config;

import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Rewrites one deployment's {@code weight} in config YAML text, keeping every other character:
 * comments, order, quoting, flow or block style. The text is composed into SnakeYAML nodes only
 * to learn where {@code models[i].deployments[j]} is; the edit itself is a splice.
 *
 * <ul>
 *   <li>A {@code weight} that is present has its value replaced by the number (a quoted value or
 *       a {@code ${VAR}} reference becomes a plain number).
 *   <li>An absent one (the default, 100) is inserted as the deployment's first key: {@code
 *       weight: N, } in a flow mapping ({@code {provider: a}}), {@code weight: N} on its own line
 *       at the first key's indentation in a block mapping.
 * </ul>
 *
 * A deployment or weight that carries a YAML anchor ({@code &name}) is refused: its aliases would
 * change with it. The caller validates the result ({@link ConfigFile} loads it and checks that
 * only this weight changed, which also catches merge keys and other sharing).
 */
final class WeightEdit {
  private WeightEdit() {}

  /**
   * {@code yaml} with {@code models[model].deployments[deployment].weight} set to {@code weight}.
   *
   * @throws ConfigException if the text has no such deployment mapping
   * @throws ConfigFile.Refused if the deployment or its weight is anchored
   */
  static String apply(String yaml, int model, int deployment, int weight) {
    Node root = compose(yaml);
    String models = "models";
    Node m = item(sequence(value(root, models), models), model, models);
    String deployments = models + "[" + model + "].deployments";
    MappingNode d = mapping(item(sequence(value(m, "deployments"), deployments), deployment, deployments),
        deployments + "[" + deployment + "]");
    String number = Integer.toString(weight);
    Node present = value(d, "weight");
    if (d.getAnchor() != null || present != null && present.getAnchor() != null) {
      throw new ConfigFile.Refused(ConfigFile.Refused.Reason.NOT_EDITABLE, deployments + "[" + deployment
          + "] is shared through a YAML anchor (&" + (d.getAnchor() != null ? d.getAnchor() : present.getAnchor())
          + "); changing it here would change every use. Edit the file by hand.");
    }
    if (present != null) {
      int start = offset(yaml, present.getStartMark());
      int end = offset(yaml, present.getEndMark());
      return yaml.substring(0, start) + number + yaml.substring(end);
    }
    if (d.getValue().isEmpty()) {
      throw new ConfigException(deployments + "[" + deployment + "]: an empty mapping (expected: {provider: NAME, ...})");
    }
    Node firstKey = d.getValue().getFirst().getKeyNode();
    int start = offset(yaml, firstKey.getStartMark());
    String inserted = flow(d)
        ? "weight: " + number + ", "
        : "weight: " + number + "\n" + " ".repeat(firstKey.getStartMark().getColumn());
    return yaml.substring(0, start) + inserted + yaml.substring(start);
  }

  /** How many models the text itself lists (the built-in catalog's come after them). */
  static int modelsInFile(String yaml) {
    Node models = value(compose(yaml), "models");
    return models instanceof SequenceNode s ? s.getValue().size() : 0;
  }

  private static Node compose(String yaml) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
  }

  private static Node value(Node mapping, String key) {
    if (mapping instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return t.getValueNode();
        }
      }
    }
    return null;
  }

  private static SequenceNode sequence(Node n, String path) {
    if (n instanceof SequenceNode s) {
      return s;
    }
    throw new ConfigException(path + ": not a list in the file (expected: a YAML sequence)");
  }

  private static Node item(SequenceNode s, int index, String path) {
    List<Node> items = s.getValue();
    if (index < 0 || index >= items.size()) {
      throw new ConfigException(path + "[" + index + "]: not in the file (expected: an index below " + items.size() + ")");
    }
    return items.get(index);
  }

  private static MappingNode mapping(Node n, String path) {
    if (n instanceof MappingNode m) {
      return m;
    }
    throw new ConfigException(path + ": not a mapping in the file (expected: {provider: NAME, ...})");
  }

  /** The char offset in {@code text} of a mark (SnakeYAML counts code points). */
  private static int offset(String text, Mark mark) {
    return text.offsetByCodePoints(0, mark.getIndex());
  }

  static boolean flow(MappingNode m) {
    return m.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
  }
}
