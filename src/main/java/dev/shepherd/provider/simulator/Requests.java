package dev.shepherd.provider.simulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.config.SimulatorSettings;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Parses chat and legacy completion requests into a {@link Generation}, rejecting what OpenAI
 * would reject with a 400 for the fields the simulator reads (other fields are ignored).
 *
 * <p>Token counts are <b>simulated</b>: a text of {@code c} characters is {@code ceil(c / 4)} tokens;
 * a chat prompt adds 3 tokens per message; a token array counts its length. {@code n} is ignored
 * (always one choice).
 */
final class Requests {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String ECHO = "echo:";
  static final String CALL_TOOL = "call_tool";

  private Requests() {}

  /** The body as a JSON object. */
  static JsonNode parse(Buffer body) throws BadRequest {
    JsonNode root;
    try {
      root = MAPPER.readTree(body.getBytes());
    } catch (JacksonException e) {
      throw new BadRequest("We could not parse the JSON body of your request (simulated): " + e.getOriginalMessage(), null, null);
    } catch (IOException e) {
      throw new BadRequest("We could not read the body of your request (simulated).", null, null);
    }
    if (root == null || !root.isObject()) {
      throw new BadRequest("We could not parse the JSON body of your request (simulated): expected a JSON object.", null, null);
    }
    return root;
  }

  /** Simulated token count of {@code chars} characters: {@code ceil(chars / 4)}. */
  static int estimate(long chars) {
    return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
  }

  static Generation chat(JsonNode root, SimulatorSettings s) throws BadRequest {
    String model = model(root);
    JsonNode messages = root.get("messages");
    if (messages == null || messages.isNull()) {
      throw BadRequest.missing("messages");
    }
    if (!messages.isArray()) {
      throw BadRequest.invalidType("messages", "an array");
    }
    if (messages.isEmpty()) {
      throw BadRequest.invalidValue("messages", "empty array. Expected an array with minimum length 1.");
    }
    long chars = 0;
    String lastUser = null;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      if (!m.isObject()) {
        throw BadRequest.invalidType("messages[" + i + "]", "an object");
      }
      JsonNode role = m.get("role");
      if (role == null || !role.isTextual()) {
        throw BadRequest.missing("messages[" + i + "].role");
      }
      String text = text(m.get("content"), "messages[" + i + "].content");
      chars += text.length();
      if ("user".equals(role.textValue())) {
        lastUser = text;
      }
    }
    int promptTokens = (int) Math.min(Integer.MAX_VALUE, estimate(chars) + 3L * messages.size());
    int max = maxTokens(root, "max_completion_tokens");
    if (max == Integer.MAX_VALUE) {
      max = maxTokens(root, "max_tokens");
    }
    String tool = toolName(root, lastUser);
    if (tool != null) {
      return new Generation(true, model, stream(root), includeUsage(root), promptTokens, Tokens.lorem(0), "tool_calls", tool);
    }
    return generate(true, model, root, promptTokens, lastUser, max, s);
  }

  static Generation completion(JsonNode root, SimulatorSettings s) throws BadRequest {
    String model = model(root);
    JsonNode prompt = root.get("prompt");
    if (prompt == null || prompt.isNull()) {
      throw BadRequest.missing("prompt");
    }
    StringBuilder text = new StringBuilder();
    long tokens = 0;
    if (prompt.isTextual()) {
      text.append(prompt.textValue());
      tokens = estimate(text.length());
    } else if (prompt.isArray()) {
      for (JsonNode p : prompt) {
        if (p.isTextual()) {
          text.append(p.textValue());
          tokens += estimate(p.textValue().length());
        } else if (p.isIntegralNumber()) {
          tokens++;
        } else if (p.isArray()) {
          tokens += p.size();
        } else {
          throw BadRequest.invalidType("prompt", "a string, array of strings, array of tokens or array of token arrays");
        }
      }
    } else {
      throw BadRequest.invalidType("prompt", "a string, array of strings, array of tokens or array of token arrays");
    }
    int promptTokens = (int) Math.min(Integer.MAX_VALUE, tokens);
    return generate(false, model, root, promptTokens, text.toString(), maxTokens(root, "max_tokens"), s);
  }

  private static Generation generate(
      boolean chat, String model, JsonNode root, int promptTokens, String prompt, int max, SimulatorSettings s)
      throws BadRequest {
    int echoAt = prompt == null ? -1 : prompt.indexOf(ECHO);
    Tokens output;
    int wanted;
    if (echoAt >= 0) {
      String echo = prompt.substring(echoAt + ECHO.length()).stripLeading();
      wanted = Tokens.countEcho(echo);
      output = Tokens.echo(echo, max);
    } else {
      wanted = Math.max(0, s.outputTokens());
      output = Tokens.lorem(Math.min(wanted, max));
    }
    String finish = wanted > max ? "length" : "stop";
    return new Generation(chat, model, stream(root), includeUsage(root), promptTokens, output, finish, null);
  }

  static String model(JsonNode root) throws BadRequest {
    JsonNode model = root.get("model");
    if (model == null || model.isNull()) {
      throw new BadRequest("You must provide a model parameter.", "model", "missing_required_parameter");
    }
    if (!model.isTextual() || model.textValue().isEmpty()) {
      throw BadRequest.invalidType("model", "a non-empty string");
    }
    return model.textValue();
  }

  private static boolean stream(JsonNode root) throws BadRequest {
    JsonNode stream = root.get("stream");
    if (stream == null || stream.isNull()) {
      return false;
    }
    if (!stream.isBoolean()) {
      throw BadRequest.invalidType("stream", "a boolean");
    }
    return stream.booleanValue();
  }

  private static boolean includeUsage(JsonNode root) throws BadRequest {
    JsonNode options = root.get("stream_options");
    if (options == null || options.isNull()) {
      return false;
    }
    if (!options.isObject()) {
      throw BadRequest.invalidType("stream_options", "an object");
    }
    JsonNode include = options.get("include_usage");
    if (include != null && !include.isNull() && !include.isBoolean()) {
      throw BadRequest.invalidType("stream_options.include_usage", "a boolean");
    }
    return include != null && include.booleanValue();
  }

  /** The cap in {@code field}, or {@link Integer#MAX_VALUE} when absent. */
  private static int maxTokens(JsonNode root, String field) throws BadRequest {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return Integer.MAX_VALUE;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw BadRequest.invalidType(field, "an integer");
    }
    if (n.intValue() < 1) {
      throw new BadRequest("Invalid '" + field + "': integer below minimum value. Expected a value >= 1, but got "
          + n.intValue() + " instead.", field, "integer_below_min_value");
    }
    return n.intValue();
  }

  /** Text of a message content: a string, an array of parts (text parts count) or null. */
  private static String text(JsonNode content, String param) throws BadRequest {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    if (!content.isArray()) {
      throw BadRequest.invalidType(param, "a string or an array of content parts");
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      JsonNode t = part.get("text");
      if (t != null && t.isTextual()) {
        sb.append(t.textValue());
      }
    }
    return sb.toString();
  }

  /**
   * The function to call, or null to answer with text: with non-empty {@code tools}, a named
   * {@code tool_choice} or {@code "required"} always calls; {@code "none"} never does; otherwise
   * the first tool is called when the last user message contains {@code call_tool}.
   */
  private static String toolName(JsonNode root, String lastUser) throws BadRequest {
    JsonNode tools = root.get("tools");
    if (tools == null || tools.isNull()) {
      return null;
    }
    if (!tools.isArray()) {
      throw BadRequest.invalidType("tools", "an array");
    }
    if (tools.isEmpty()) {
      return null;
    }
    JsonNode name = tools.get(0).path("function").path("name");
    if (!name.isTextual()) {
      throw BadRequest.missing("tools[0].function.name");
    }
    JsonNode choice = root.path("tool_choice");
    if (choice.isTextual()) {
      switch (choice.textValue()) {
        case "none" -> {
          return null;
        }
        case "required" -> {
          return name.textValue();
        }
        default -> { }
      }
    } else if (choice.isObject() && choice.path("function").path("name").isTextual()) {
      return choice.path("function").path("name").textValue();
    }
    return lastUser != null && lastUser.contains(CALL_TOOL) ? name.textValue() : null;
  }
}
