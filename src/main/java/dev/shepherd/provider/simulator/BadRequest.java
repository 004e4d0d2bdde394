package dev.shepherd.provider.simulator;

/** A request the simulator rejects with an OpenAI-shaped 400; cheap (no stack trace). */
final class BadRequest extends Exception {

  private final String param;
  private final String code;

  BadRequest(String message, String param, String code) {
    super(message, null, false, false);
    this.param = param;
    this.code = code;
  }

  static BadRequest missing(String param) {
    return new BadRequest("Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
  }

  static BadRequest invalidType(String param, String expected) {
    return new BadRequest("Invalid type for '" + param + "': expected " + expected + ".", param, "invalid_type");
  }

  static BadRequest invalidValue(String param, String detail) {
    return new BadRequest("Invalid '" + param + "': " + detail, param, "invalid_value");
  }

  /** The offending field, or null. */
  String param() {
    return param;
  }

  /** OpenAI error code, or null. */
  String code() {
    return code;
  }
}
