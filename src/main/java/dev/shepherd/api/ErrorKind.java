package dev.shepherd.api;

/**
 * The closed vocabulary of everything that can go wrong, grouped by fault domain. Each kind
 * fixes the HTTP status, the OpenAI error {@code type} and {@code code}, and whether the client
 * should retry ({@code x-should-retry}). This enum is the single mapping; nothing else decides
 * a status code.
 */
public enum ErrorKind {
  // caller faults
  INVALID_JSON(Fault.CALLER, 400, "invalid_request_error", "invalid_json"),
  MISSING_PARAMETER(Fault.CALLER, 400, "invalid_request_error", "missing_required_parameter"),
  INVALID_TYPE(Fault.CALLER, 400, "invalid_request_error", "invalid_type"),
  INVALID_VALUE(Fault.CALLER, 400, "invalid_request_error", "invalid_value"),
  CONTEXT_LENGTH_EXCEEDED(Fault.CALLER, 400, "invalid_request_error", "context_length_exceeded"),
  INVALID_API_KEY(Fault.CALLER, 401, "invalid_request_error", "invalid_api_key"),
  MODEL_NOT_ALLOWED(Fault.CALLER, 403, "invalid_request_error", "model_not_allowed"),
  MODEL_NOT_FOUND(Fault.CALLER, 404, "invalid_request_error", "model_not_found"),
  NOT_FOUND(Fault.CALLER, 404, "invalid_request_error", "unknown_url"),
  METHOD_NOT_ALLOWED(Fault.CALLER, 405, "invalid_request_error", "method_not_allowed"),
  REQUEST_TOO_LARGE(Fault.CALLER, 413, "invalid_request_error", "request_too_large"),
  UNSUPPORTED_MEDIA_TYPE(Fault.CALLER, 415, "invalid_request_error", "unsupported_media_type"),
  CONFIG_INVALID(Fault.CALLER, 400, "invalid_request_error", "invalid_config"),
  /** The running config cannot be edited through the API (no config file, or the file cannot be changed). */
  CONFIG_NOT_EDITABLE(Fault.CALLER, 409, "invalid_request_error", "config_not_editable"),
  /** A redemption code that does not exist (or is mistyped). */
  INVALID_CODE(Fault.CALLER, 400, "invalid_request_error", "invalid_code"),
  CODE_EXPIRED(Fault.CALLER, 400, "invalid_request_error", "code_expired"),
  /** The code has been redeemed its batch's {@code max_uses} times. */
  CODE_USED_UP(Fault.CALLER, 400, "invalid_request_error", "code_used_up"),
  /** This account has already redeemed the code. */
  CODE_ALREADY_REDEEMED(Fault.CALLER, 400, "invalid_request_error", "code_already_redeemed"),
  /** A parameter the chosen upstream cannot honour (and the deployment does not drop). */
  UNSUPPORTED_PARAMETER(Fault.CALLER, 400, "invalid_request_error", "unsupported_parameter"),
  // policy
  RATE_LIMITED(Fault.POLICY, 429, "rate_limit_error", "rate_limit_exceeded"),
  /** One request reserves more tokens than the whole tokens-per-minute limit: retrying cannot help. */
  TOKENS_OVER_LIMIT(Fault.POLICY, 429, "tokens", "rate_limit_exceeded"),
  /** Shared limits cannot be checked (Redis down, fail-closed). */
  LIMITS_UNAVAILABLE(Fault.POLICY, 503, "service_unavailable", "limits_unavailable"),
  INSUFFICIENT_QUOTA(Fault.POLICY, 402, "insufficient_quota", "insufficient_quota"),
  /** The key's daily or monthly spend cap is reached; it resets at the next period (UTC). */
  SPEND_CAP_REACHED(Fault.POLICY, 402, "insufficient_quota", "spend_cap_reached"),
  MODEL_NOT_PRICED(Fault.POLICY, 403, "invalid_request_error", "model_not_priced"),
  MODEL_UNAVAILABLE(Fault.POLICY, 503, "service_unavailable", "model_unavailable"),
  // upstream
  UPSTREAM_REJECTED(Fault.UPSTREAM, 400, "invalid_request_error", "upstream_rejected"),
  UPSTREAM_RATE_LIMITED(Fault.UPSTREAM, 429, "rate_limit_error", "rate_limit_exceeded"),
  UPSTREAM_ERROR(Fault.UPSTREAM, 502, "upstream_error", "upstream_error"),
  UPSTREAM_UNAVAILABLE(Fault.UPSTREAM, 503, "upstream_error", "upstream_unavailable"),
  UPSTREAM_TIMEOUT(Fault.UPSTREAM, 504, "upstream_error", "upstream_timeout"),
  // internal
  INTERNAL(Fault.INTERNAL, 500, "server_error", "internal_error");

  /** Who caused the error; decides log level and metric label. */
  public enum Fault {
    CALLER,
    POLICY,
    UPSTREAM,
    INTERNAL
  }

  private final Fault fault;
  private final int status;
  private final String type;
  private final String code;

  ErrorKind(Fault fault, int status, String type, String code) {
    this.fault = fault;
    this.status = status;
    this.type = type;
    this.code = code;
  }

  public Fault fault() {
    return fault;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String code() {
    return code;
  }

  /** Value of {@code x-should-retry}: true only where retrying the same request can succeed. */
  public boolean shouldRetry() {
    return status == 429 && this != INSUFFICIENT_QUOTA && this != SPEND_CAP_REACHED && this != TOKENS_OVER_LIMIT || status >= 500;
  }
}
