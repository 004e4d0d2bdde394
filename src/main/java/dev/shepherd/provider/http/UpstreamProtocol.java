package dev.shepherd.provider.http;

import dev.shepherd.api.ApiException;
import dev.shepherd.inbound.ClientProtocol;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.routing.Deployment;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;

/**
 * What differs between upstream wire protocols (OpenAI-compatible, Anthropic Messages, Gemini).
 * Everything else about an attempt — connection pools, the four timeouts, failing over before the
 * first byte, committing the response, cancelling on disconnect, shadows — is {@link HttpUpstream}'s
 * and the same for all. One instance per provider; methods run on event loops (or, for
 * {@link #body} of large requests when {@link #translates}, on a virtual thread) and must not
 * block or keep per-request state.
 */
public interface UpstreamProtocol {

  /** Adds what every request to this provider carries: credentials, API version. */
  void headers(RequestOptions options);

  /** The path (and query) below the provider's base URL for this attempt. */
  String path(Exchange ex, Deployment deployment);

  /**
   * The body for this attempt, made from the exchange's OpenAI request.
   *
   * @throws ApiException a 400 naming a parameter this upstream cannot honour
   */
  Buffer body(Exchange ex, Deployment deployment);

  /** True when {@link #body} re-encodes the request (costly for large bodies), false for byte splices. */
  boolean translates();

  /** Maps an error answer (any status but 200) for the client; the message is safe to show. */
  ApiException error(int status, long retryAfterMillis, byte[] body);

  /**
   * A whole 200 answer, as the {@code client} reads it, and its usage.
   *
   * @param contentType the upstream's {@code content-type}, or {@code null}
   * @throws IllegalArgumentException when the answer cannot be read (a broken upstream)
   */
  Answer answer(Exchange ex, Deployment deployment, byte[] body, String contentType, ClientProtocol client);

  /** The relay for a streamed 200 answer to {@code client}. */
  StreamRelay stream(Exchange ex, Deployment deployment, ClientProtocol client);

  /** The usage in a whole 200 answer, or {@link Usage#NONE} (shadows; never throws). */
  Usage usage(byte[] body);

  /**
   * A whole answer ready for the client.
   *
   * @param body the bytes to send
   * @param contentType their {@code content-type}
   * @param usage the usage the upstream reported, or {@link Usage#NONE}
   */
  record Answer(Buffer body, String contentType, Usage usage) {}
}
