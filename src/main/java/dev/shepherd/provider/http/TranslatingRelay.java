package dev.shepherd.provider.http;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorFormat;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.translate.StreamTranslator;
import dev.shepherd.translate.UpstreamStreamError;
import io.vertx.core.buffer.Buffer;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A stream whose events are re-encoded: upstream SSE bytes → events ({@link SseEvents}) → the
 * upstream's translator (its protocol → OpenAI chunk payloads; the identity for OpenAI-compatible
 * upstreams) → the client's writer (OpenAI chunks → the client's events). Used wherever the two
 * protocols differ; an OpenAI client of an OpenAI-compatible upstream never comes here.
 *
 * <p>Upstream events named in {@code opening} (e.g. Anthropic's {@code message_start}) do not count
 * as content, so an error right after them still fails over. An upstream error event, or an
 * event the translator cannot read, ends the translation: before content it is reported by
 * {@link #firstDataWasError}; after it, it is written as an error event in the client's protocol.
 * The writer's normal ending is written only when the upstream's stream was complete.
 */
public final class TranslatingRelay implements StreamRelay {
  private final SseEvents events = new SseEvents();
  private final StreamTranslator upstream;
  private final StreamTranslator writer;
  private final ErrorFormat errors;
  private final Set<String> opening;
  private final StringBuilder out = new StringBuilder(512);
  private final dev.shepherd.pipeline.CompletionText text = new dev.shepherd.pipeline.CompletionText();
  private final Consumer<String> written = out::append;
  private final Consumer<String> toWriter;
  private final SseEvents.Sink sink = this::event;
  private boolean content;
  private boolean errorFirst;
  private boolean error;
  private boolean done;
  private ApiException failure;

  /**
   * @param upstream upstream events → OpenAI chunk payloads
   * @param writer OpenAI chunk payloads → the client's events ({@link
   *     dev.shepherd.inbound.ClientProtocol#streamWriter})
   * @param errors the client's error format, for an error after content
   * @param opening upstream event names that carry no content yet
   */
  public TranslatingRelay(StreamTranslator upstream, StreamTranslator writer, ErrorFormat errors, Set<String> opening) {
    this.upstream = upstream;
    this.writer = writer;
    this.toWriter = chunk -> writer.event(null, chunk, written);
    this.errors = errors;
    this.opening = opening;
  }

  @Override
  public Buffer accept(Buffer chunk) {
    events.feed(chunk.getBytes(), sink);
    return drain();
  }

  @Override
  public Buffer finish() {
    events.finish(sink);
    if (!error && !errorFirst && !done && upstream.complete()) {
      try {
        upstream.end(toWriter);
        writer.end(written);
        done = true;
      } catch (RuntimeException e) {
        fail(ErrorKind.UPSTREAM_ERROR, "The upstream's stream could not be translated.");
      }
    }
    return drain();
  }

  private void event(String type, String data) {
    if (error || errorFirst) {
      return;
    }
    try {
      upstream.event(type, data, toWriter);
      if (type == null || !opening.contains(type)) {
        content = true;
      }
    } catch (UpstreamStreamError e) {
      fail(e.kind(), e.getMessage());
    } catch (RuntimeException e) { // IllegalArgumentException and JSON errors: a broken upstream
      fail(ErrorKind.UPSTREAM_ERROR, "The upstream sent a stream event that could not be read.");
    }
  }

  private void fail(ErrorKind kind, String message) {
    failure = new ApiException(kind, message);
    if (content) {
      error = true;
      out.append(errors.event(kind, message));
    } else {
      errorFirst = true;
      out.setLength(0); // the opening events' output is never sent
    }
  }

  private Buffer drain() {
    if (out.isEmpty() || errorFirst) {
      return null;
    }
    Buffer b = Buffer.buffer(out.toString());
    out.setLength(0);
    byte[] bytes = b.getBytes();
    text.add(bytes, 0, bytes.length);
    return b;
  }

  @Override
  public dev.shepherd.pipeline.CompletionText text() {
    return text;
  }

  @Override
  public boolean sawData() {
    return content;
  }

  @Override
  public boolean firstDataWasError() {
    return errorFirst;
  }

  @Override
  public boolean sawError() {
    return error;
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public Usage usage() {
    return upstream.usage();
  }

  @Override
  public String contentType(String upstreamType) {
    return "text/event-stream; charset=utf-8";
  }

  @Override
  public ApiException error() {
    return failure != null ? failure
        : new ApiException(ErrorKind.UPSTREAM_ERROR, "The upstream sent an error event before any content.");
  }
}
