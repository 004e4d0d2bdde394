package dev.shepherd.provider.http;

import dev.shepherd.api.ApiException;
import dev.shepherd.pipeline.Usage;
import io.vertx.core.buffer.Buffer;

/**
 * Turns one upstream SSE response into the bytes the client receives, chunk by chunk, and tells
 * the {@link UpstreamCall} what it saw so the call can decide when to commit the response, when
 * to fail over and how the exchange ends. One per response, on its event loop.
 *
 * <p>Commit rule: the call writes nothing until {@link #sawData} (content has arrived); an error
 * before that ({@link #firstDataWasError}) fails the attempt, so the request can fail over. After
 * it, an error ({@link #sawError}) is already part of the returned bytes, as an error event in the
 * client's protocol, and the stream ends incomplete.
 */
public interface StreamRelay {

  /** The bytes to send for this upstream chunk, or {@code null} when nothing is ready. */
  Buffer accept(Buffer chunk);

  /** The upstream body ended: the last bytes to send (the stream's normal ending included), or {@code null}. */
  Buffer finish();

  /** Content (not just a stream's opening) has arrived: the response may be committed. */
  boolean sawData();

  /** An error arrived before any content. */
  boolean firstDataWasError();

  /** An error arrived after content; its event is in the bytes returned. */
  boolean sawError();

  /** The stream reached its protocol's normal end. */
  boolean done();

  /** Usage reported so far ({@link Usage#NONE} until reported). */
  Usage usage();

  /** The generated text sent to the client so far, for counting when no usage is reported. */
  dev.shepherd.pipeline.CompletionText text();

  /** The response's {@code content-type}, given the upstream's. */
  String contentType(String upstreamType);

  /** What the client gets when the attempt fails on {@link #firstDataWasError}. */
  ApiException error();
}
