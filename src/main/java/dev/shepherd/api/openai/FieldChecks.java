package dev.shepherd.api.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import java.io.IOException;

/** Type and range checks on the parser's current value; each failure names the field. */
final class FieldChecks {
  private final JsonParser p;

  FieldChecks(JsonParser p) {
    this.p = p;
  }

  boolean bool(String name) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL) {
      return false;
    }
    throw type(name, "a boolean");
  }

  String string(String name) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw type(name, "a string");
  }

  long integer(String name, long min, long max) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return -1;
    }
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw type(name, "an integer");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw range(name, min, max);
    }
    long v = p.getLongValue();
    if (v < min || v > max) {
      throw range(name, min, max);
    }
    return v;
  }

  void number(String name, double min, double max) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw type(name, "a number");
    }
    double v = p.getDoubleValue();
    if (!(v >= min && v <= max)) {
      throw new ApiException(ErrorKind.INVALID_VALUE,
          name + ": " + p.getText() + " is out of range (expected: " + trim(min) + " to " + trim(max) + ")", name);
    }
  }

  void oneOf(String name, String... allowed) throws IOException {
    String v = string(name);
    if (v == null) {
      return;
    }
    for (String a : allowed) {
      if (a.equals(v)) {
        return;
      }
    }
    throw new ApiException(ErrorKind.INVALID_VALUE,
        name + ": '" + v + "' is not supported (expected one of: " + String.join(", ", allowed) + ")", name);
  }

  void stringOrStrings(String name) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      throw type(name, "a string or an array of strings");
    }
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_STRING) {
        throw type(name, "a string or an array of strings");
      }
    }
  }

  void arrayOfObjects(String name) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      throw type(name, "an array");
    }
    int i = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw type(name + "[" + i + "]", "an object");
      }
      p.skipChildren();
      i++;
    }
  }

  void stringOrObject(String name) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      p.skipChildren();
    } else if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NULL) {
      throw type(name, "a string or an object");
    }
  }

  void object(String name) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      p.skipChildren();
    } else if (t != JsonToken.VALUE_NULL) {
      throw type(name, "an object");
    }
  }

  ApiException type(String name, String expected) {
    return new ApiException(ErrorKind.INVALID_TYPE, name + ": wrong type (expected: " + expected + ")", name);
  }

  private static ApiException range(String name, long min, long max) {
    String bounds = max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "≥ " + min : min + " to " + max;
    return new ApiException(ErrorKind.INVALID_VALUE, name + ": out of range (expected: " + bounds + ")", name);
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
