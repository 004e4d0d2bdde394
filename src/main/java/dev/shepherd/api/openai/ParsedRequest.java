package dev.shepherd.api.openai;

/**
 * What the pipeline needs from a request body, read in one streaming pass. The body itself is
 * kept as bytes and forwarded with only {@code model} (and, for streams, {@code stream_options})
 * rewritten.
 *
 * @param endpoint which API
 * @param body the client's bytes, untouched
 * @param objectStart offset of the body's opening brace
 * @param model the public model id the client asked for
 * @param modelStart offset of the opening quote of the model value
 * @param modelEnd offset just after its closing quote
 * @param stream {@code "stream": true}
 * @param clientWantsUsage {@code stream_options.include_usage: true} was sent by the client
 * @param streamOptionsStart offset of the {@code stream_options} value, or -1 if absent
 * @param streamOptionsEnd offset just after that value, or -1
 * @param maxTokens {@code max_completion_tokens} or {@code max_tokens}, or -1 if neither
 * @param maxTokensStart offset of that number's first digit, or -1
 * @param maxTokensEnd offset just after its last digit, or -1
 * @param user the {@code user} field, or {@code null}
 */
public record ParsedRequest(
    Endpoint endpoint,
    byte[] body,
    int objectStart,
    String model,
    int modelStart,
    int modelEnd,
    boolean stream,
    boolean clientWantsUsage,
    int streamOptionsStart,
    int streamOptionsEnd,
    long maxTokens,
    int maxTokensStart,
    int maxTokensEnd,
    String user) {}
