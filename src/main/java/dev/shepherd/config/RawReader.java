package dev.shepherd.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * YAML text to {@link Raw.Config}: parse to a tree, interpolate environment references, then bind
 * strictly (unknown keys, duplicate keys, fractional integers and wrong types are errors). Errors
 * become {@link ConfigException}s that name the full key path, e.g. {@code
 * providers[1].timeouts.idle_mss: unknown key (expected: one of: connect_ms, ...)}.
 */
final class RawReader {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '([^']*)'");

  private RawReader() {}

  /** Reads {@code yaml}; {@code origin} (a file name) prefixes errors that have no key path. */
  static Raw.Config read(String yaml, String origin, Map<String, String> env) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(yaml);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      Matcher dup = DUPLICATE.matcher(e.getOriginalMessage());
      if (dup.find()) {
        throw new ConfigException(origin + ": invalid YAML" + where + ": duplicate key \""
            + dup.group(1) + "\" (expected: each key at most once per mapping)", e);
      }
      throw new ConfigException(origin + ": invalid YAML" + where + ": " + e.getOriginalMessage(), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = MAPPER.createObjectNode();
    }
    if (!tree.isObject()) {
      throw new ConfigException(origin + ": " + describe(tree)
          + " at the top level (expected: a mapping with keys such as server, store, providers, models)");
    }
    Interpolator.interpolate(tree, env);
    try {
      return MAPPER.treeToValue(tree, Raw.Config.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(path(e.getPath()) + ": unknown key (expected: one of: "
          + String.join(", ", sorted(e.getKnownPropertyIds())) + ")", e);
    } catch (MismatchedInputException e) {
      JsonNode value = at(tree, e.getPath());
      throw new ConfigException(path(e.getPath()) + ": " + describe(value)
          + " (expected: " + expected(e.getTargetType()) + ")", e);
    } catch (JsonMappingException e) {
      // Numbers out of range of int/long arrive here, without a target type.
      String message = e.getOriginalMessage();
      String expected = message.contains("out of range of int") ? "an integer up to " + Integer.MAX_VALUE
          : message.contains("out of range of long") ? "an integer up to " + Long.MAX_VALUE
          : message;
      throw new ConfigException(path(e.getPath()) + ": " + describe(at(tree, e.getPath()))
          + " (expected: " + expected + ")", e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(origin + ": " + e.getOriginalMessage(), e);
    }
  }

  /** {@code providers[1].timeouts.idle_ms}, from Jackson's reference chain. */
  static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.isEmpty() ? "(top level)" : b.toString();
  }

  private static JsonNode at(JsonNode root, List<JsonMappingException.Reference> refs) {
    JsonNode node = root;
    for (JsonMappingException.Reference r : refs) {
      if (node == null) {
        return null;
      }
      node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
    }
    return node;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "a value";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      return ConfigConverter.Problems.render(node.textValue());
    }
    return node.isNull() ? "null" : node.asText();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "a different type";
    }
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class
        || type == BigInteger.class) {
      return "an integer";
    }
    if (type == Double.class || type == double.class || type == BigDecimal.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a mapping";
  }

  private static List<String> sorted(Collection<Object> ids) {
    TreeSet<String> names = new TreeSet<>();
    ids.forEach(id -> names.add(String.valueOf(id)));
    return List.copyOf(names);
  }
}
