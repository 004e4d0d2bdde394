package dev.shepherd.api.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import java.io.IOException;
import java.util.Set;

/** Checks the {@code messages} array of a chat request: non-empty, each with a known role and valid content. */
final class MessageChecks {
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
  private final JsonParser p;
  private final FieldChecks check;

  MessageChecks(JsonParser p) {
    this.p = p;
    this.check = new FieldChecks(p);
  }

  void messages() throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw check.type("messages", "an array");
    }
    int i = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw check.type("messages[" + i + "]", "an object");
      }
      message(i++);
    }
    if (i == 0) {
      throw new ApiException(ErrorKind.INVALID_VALUE, "messages: must contain at least one message", "messages");
    }
  }

  private void message(int index) throws IOException {
    String at = "messages[" + index + "]";
    String role = null;
    boolean hasContent = false;
    boolean hasToolCalls = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "role" -> role = check.string(at + ".role");
        case "content" -> hasContent = content(at + ".content");
        case "tool_calls", "function_call" -> {
          hasToolCalls = p.currentToken() != JsonToken.VALUE_NULL;
          p.skipChildren();
        }
        case "name", "tool_call_id" -> check.string(at + "." + name);
        default -> p.skipChildren();
      }
    }
    if (role == null) {
      throw new ApiException(ErrorKind.MISSING_PARAMETER, at + ".role: missing required parameter", at + ".role");
    }
    if (!ROLES.contains(role)) {
      throw new ApiException(ErrorKind.INVALID_VALUE,
          at + ".role: '" + role + "' is not a valid role (expected one of: system, developer, user, assistant, tool)",
          at + ".role");
    }
    if (!hasContent && !(role.equals("assistant") && hasToolCalls)) {
      throw new ApiException(ErrorKind.MISSING_PARAMETER, at + ".content: missing required parameter", at + ".content");
    }
  }

  /** Returns true when the content is present and non-null. */
  private boolean content(String at) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      p.getTextLength();
      return true;
    }
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    if (t != JsonToken.START_ARRAY) {
      throw check.type(at, "a string or an array of content parts");
    }
    int i = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw check.type(at + "[" + i + "]", "an object");
      }
      p.skipChildren();
      i++;
    }
    return true;
  }
}
