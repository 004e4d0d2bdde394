package dev.shepherd.testing;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Plain HTTP calls for tests that need raw status, headers and bytes. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  public static HttpResponse<String> post(String url, String key, String body) throws Exception {
    return CLIENT.send(request(url, key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A POST with extra headers given as name, value, name, value… */
  public static HttpResponse<String> post(String url, String key, String body, String... headers) throws Exception {
    HttpRequest.Builder b = request(url, key).POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> postBytes(String url, String key, byte[] body) throws Exception {
    return CLIENT.send(request(url, key).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> get(String url, String key) throws Exception {
    return CLIENT.send(request(url, key).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> send(String method, String url, String key, String body) throws Exception {
    HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    return CLIENT.send(request(url, key).method(method, p).build(), HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<InputStream> postStream(String url, String key, String body) throws Exception {
    return CLIENT.send(request(url, key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  /** The {@code data:} payloads of an SSE body, in order. */
  public static List<String> dataEvents(String sse) {
    List<String> out = new ArrayList<>();
    for (String block : sse.replace("\r\n", "\n").split("\n\n")) {
      for (String line : block.split("\n")) {
        if (line.startsWith("data: ")) {
          out.add(line.substring(6));
        }
      }
    }
    return out;
  }

  public static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static HttpRequest.Builder request(String url, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json");
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return b;
  }
}
