package dev.shepherd.observe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What every webhook sender shares: the POST with its retry policy, and a log-safe form of the URL. */
public final class Webhooks {
  private Webhooks() {}

  /** {@code scheme://host[:port]} of {@code url}: never its user info, path or query (they may hold tokens). */
  public static String origin(String url) {
    try {
      URI u = URI.create(url);
      return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    } catch (IllegalArgumentException e) {
      return "(invalid URL)";
    }
  }

  /** Sleeps {@code millis}; false (interrupt flag kept) when interrupted. */
  public static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * POSTs a JSON {@code body} to {@code url}: up to {@code attempts} tries, pausing
   * {@code backoffMillis} before the second and doubling after; no answer, 408, 429 and 5xx are
   * retried, other refusals are not. Blocks (call it off the event loop).
   *
   * @return {@code null} when delivered (2xx), else why not — never the URL or an exception
   *     message, which may quote it
   */
  public static String post(HttpClient client, String url, String body, Duration timeout, int attempts,
      long backoffMillis) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
          .header("content-type", "application/json").header("user-agent", "shepherd")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    } catch (IllegalArgumentException e) {
      return "the URL is not usable";
    }
    String last = "";
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1 && !pause(backoffMillis << (attempt - 2))) {
        break;
      }
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          return null;
        }
        last = "HTTP " + status;
        if (status != 408 && status != 429 && status < 500) {
          break; // the receiver refused it: retrying will not help
        }
      } catch (IOException e) {
        last = e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        last = "interrupted";
        break;
      }
    }
    return last;
  }
}
