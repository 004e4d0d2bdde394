package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;

/** Type and range checks on request tree values; every failure is a 400 naming the field. */
final class ParamChecks {
  private ParamChecks() {}

  static ApiException missing(String name) {
    return new ApiException(ErrorKind.MISSING_PARAMETER, name + ": required", name);
  }

  static ApiException type(String name, String expected) {
    return new ApiException(ErrorKind.INVALID_TYPE, name + ": wrong type (expected: " + expected + ")", name);
  }

  static ApiException value(String name, String detail) {
    return new ApiException(ErrorKind.INVALID_VALUE, name + ": " + detail, name);
  }

  static double number(JsonNode v, String name, double min, double max) {
    if (!v.isNumber()) {
      throw type(name, "a number");
    }
    double d = v.doubleValue();
    if (!(d >= min && d <= max)) {
      throw value(name, v.asText() + " is out of range (expected: " + trim(min) + " to " + trim(max) + ")");
    }
    return d;
  }

  static long integer(JsonNode v, String name, long min) {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw type(name, "an integer");
    }
    long l = v.longValue();
    if (l < min) {
      throw value(name, l + " is out of range (expected: at least " + min + ")");
    }
    return l;
  }

  static String string(JsonNode v, String name) {
    if (!v.isTextual()) {
      throw type(name, "a string");
    }
    return v.textValue();
  }

  static boolean bool(JsonNode v, String name) {
    if (!v.isBoolean()) {
      throw type(name, "a boolean");
    }
    return v.booleanValue();
  }

  static JsonNode object(JsonNode v, String name) {
    if (!v.isObject()) {
      throw type(name, "an object");
    }
    return v;
  }

  static JsonNode array(JsonNode v, String name) {
    if (!v.isArray()) {
      throw type(name, "an array");
    }
    return v;
  }

  /** A required field of {@code parent}: absent or null is a missing parameter. */
  static JsonNode required(JsonNode parent, String field, String name) {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      throw missing(name);
    }
    return v;
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
