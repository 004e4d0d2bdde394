package dev.shepherd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's static files under {@code /ui}: content types, revalidation with ETags, the
 * security headers, and nothing inline or secret in them (the CSP forbids inline script and style).
 */
class ConsoleAssetsTest {
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start(TestGateway.config("http://127.0.0.1:9/v1", TestGateway.RELAXED));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
  }

  static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void indexIsServedWithStrictHeaders() throws Exception {
    HttpResponse<String> redirect = send("GET", "/ui");
    assertEquals(301, redirect.statusCode());
    assertEquals("ui/", redirect.headers().firstValue("location").orElseThrow());
    HttpResponse<String> r = send("GET", "/ui/");
    assertEquals(200, r.statusCode());
    assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
    assertEquals(ConsoleAssets.CSP, r.headers().firstValue("content-security-policy").orElseThrow());
    assertTrue(ConsoleAssets.CSP.contains("script-src 'self';") && !ConsoleAssets.CSP.contains("unsafe"));
    assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElseThrow());
    assertEquals("no-referrer", r.headers().firstValue("referrer-policy").orElseThrow());
    assertEquals("DENY", r.headers().firstValue("x-frame-options").orElseThrow());
    assertEquals("no-cache", r.headers().firstValue("cache-control").orElseThrow());
    assertTrue(r.headers().firstValue("set-cookie").isEmpty());
    assertTrue(r.body().contains("<script type=\"module\" src=\"js/app.js\"></script>"));
  }

  @Test
  void assetsHaveTheirTypesAndRevalidate() throws Exception {
    HttpResponse<String> js = send("GET", "/ui/js/app.js");
    assertEquals(200, js.statusCode());
    assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("content-type").orElseThrow());
    String etag = js.headers().firstValue("etag").orElseThrow();
    HttpResponse<String> again = send("GET", "/ui/js/app.js", "if-none-match", etag);
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
    assertEquals("text/css; charset=utf-8", send("GET", "/ui/console.css").headers().firstValue("content-type").orElseThrow());
    assertEquals("image/svg+xml", send("GET", "/ui/icon.svg").headers().firstValue("content-type").orElseThrow());
    HttpResponse<String> head = send("HEAD", "/ui/js/app.js");
    assertEquals(200, head.statusCode());
    assertEquals(String.valueOf(js.body().getBytes(StandardCharsets.UTF_8).length),
        head.headers().firstValue("content-length").orElseThrow());
  }

  @Test
  void unknownFilesAndOtherMethodsAreRefused() throws Exception {
    assertEquals(404, send("GET", "/ui/nope.js").statusCode());
    assertEquals(404, send("GET", "/ui/../pom.xml").statusCode());
    assertEquals(404, send("GET", "/ui/js/../../../../etc/passwd").statusCode());
    HttpResponse<String> post = send("POST", "/ui/");
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("allow").orElseThrow());
  }

  /** What the CSP would block anyway, and what must never ship: inline code, remote URLs, keys. */
  @Test
  void filesHaveNoInlineCodeRemoteResourcesOrSecrets() throws Exception {
    Path root = Path.of("src/main/resources/ui");
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertTrue(files.size() >= 10, files.toString());
    Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    Pattern handlers = Pattern.compile("\\son[a-z]+\\s*=\\s*[\"']", Pattern.CASE_INSENSITIVE);
    for (Path f : files) {
      String text = Files.readString(f);
      String name = root.relativize(f).toString();
      assertFalse(text.contains("<style"), name);
      assertFalse(text.contains("style=\""), name);
      assertFalse(text.contains("innerHTML"), name + ": build DOM with textContent (dom.js)");
      assertFalse(text.contains("eval("), name);
      assertFalse(Pattern.compile("sk-shp-[A-Za-z0-9]{8,}").matcher(text).find(), name);
      assertFalse(Pattern.compile("https?://(?!www\\.w3\\.org/2000/svg)").matcher(text).find(), name + ": no remote resources");
      if (name.endsWith(".html")) {
        assertFalse(inlineScript.matcher(text).find(), name);
        assertFalse(handlers.matcher(text).find(), name);
      }
    }
  }
}
