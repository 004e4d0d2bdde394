package dev.shepherd.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces environment references in the string scalars of a YAML tree, in place.
 *
 * <p>Syntax: {@code ${VAR}} (VAR must be set, possibly to an empty string), {@code
 * ${VAR:-default}} (the default, which may be empty, when VAR is unset or empty), and
 * <code>$${</code> for a literal <code>${</code>. Defaults are taken literally: no nesting. Keys and non-string
 * scalars are never touched. A reference to an unset variable without default, or a malformed
 * reference, is reported with the key path; every such problem in the tree is reported at once.
 */
final class Interpolator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  private Interpolator(Map<String, String> env) {
    this.env = env;
  }

  /** Interpolates {@code root} in place; throws a {@link ConfigException} listing every problem. */
  static void interpolate(JsonNode root, Map<String, String> env) {
    Interpolator in = new Interpolator(env);
    in.walk(root, "");
    if (!in.problems.isEmpty()) {
      throw new ConfigException(in.problems);
    }
  }

  private void walk(JsonNode node, String path) {
    if (node instanceof ObjectNode object) {
      List<String> keys = new ArrayList<>();
      object.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        String child = path.isEmpty() ? key : path + "." + key;
        JsonNode value = object.get(key);
        if (value.isTextual()) {
          object.set(key, TextNode.valueOf(text(value.textValue(), child)));
        } else {
          walk(value, child);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String child = path + "[" + i + "]";
        if (array.get(i).isTextual()) {
          array.set(i, TextNode.valueOf(text(array.get(i).textValue(), child)));
        } else {
          walk(array.get(i), child);
        }
      }
    }
  }

  /** The interpolated form of one scalar; records problems and returns the input on error. */
  String text(String value, String path) {
    if (value.indexOf('$') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '$' && value.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && value.startsWith("${", i)) {
        int end = value.indexOf('}', i + 2);
        if (end < 0) {
          problems.add(path + ": unterminated \"" + value.substring(i) + "\" (expected: ${VAR} or ${VAR:-default})");
          return value;
        }
        String resolved = resolve(value.substring(i + 2, end), path);
        if (resolved == null) {
          return value;
        }
        out.append(resolved);
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private String resolve(String reference, String path) {
    int sep = reference.indexOf(":-");
    String name = sep < 0 ? reference : reference.substring(0, sep);
    if (!NAME.matcher(name).matches()) {
      problems.add(path + ": \"${" + reference + "}\" (expected: ${VAR} or ${VAR:-default}"
          + " where VAR is letters, digits and _)");
      return null;
    }
    String value = env.get(name);
    if (sep >= 0) {
      return value == null || value.isEmpty() ? reference.substring(sep + 2) : value;
    }
    if (value == null) {
      problems.add(path + ": environment variable " + name + " is not set"
          + " (expected: set " + name + ", or write ${" + name + ":-default})");
      return null;
    }
    return value;
  }
}
