package dev.shepherd.server;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The admin web console: static files under {@code /ui/}, read once from the classpath folder
 * {@code ui/} (src/main/resources/ui) when the server starts, so serving never touches a disk.
 *
 * <p>{@code /ui} redirects to {@code /ui/} (a relative {@code Location}, so a path prefix added by
 * a reverse proxy survives), which is {@code index.html}. Only GET and HEAD. Every answer carries
 * a strict Content-Security-Policy (scripts, styles and fetches from this origin only; no inline
 * script or style, no frames, no forms posting elsewhere), {@code nosniff}, {@code no-referrer}
 * and {@code Cache-Control: no-cache} with a content {@code ETag}: browsers revalidate every file
 * (a 304 costs a few bytes) and never run a stale module after an upgrade. The files hold no
 * secrets; the console asks for the admin key and sends it as {@code Authorization: Bearer} to
 * {@code /admin/v1} (no cookies, so no CSRF surface; see docs/operations.md).
 */
final class ConsoleAssets {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "json", "application/json",
      "webmanifest", "application/manifest+json");

  /** One file: its bytes, content type and strong ETag. */
  record Asset(byte[] body, String type, String etag) {}

  private final Map<String, Asset> files;

  private ConsoleAssets(Map<String, Asset> files) {
    this.files = Map.copyOf(files);
  }

  /** Reads every file under the classpath folder {@code ui/}; none (a build without it) serves 404s. */
  static ConsoleAssets load() {
    URL index = ConsoleAssets.class.getResource("/ui/index.html");
    if (index == null) {
      return new ConsoleAssets(Map.of());
    }
    try {
      URI uri = index.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return new ConsoleAssets(read(Path.of(uri).getParent()));
      }
      FileSystem jar;
      boolean opened = false;
      try {
        jar = FileSystems.newFileSystem(uri, Map.of());
        opened = true;
      } catch (FileSystemAlreadyExistsException e) {
        jar = FileSystems.getFileSystem(uri);
      }
      try {
        return new ConsoleAssets(read(jar.getPath("/ui")));
      } finally {
        if (opened) {
          jar.close();
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot read the console files from " + index, e);
    }
  }

  private static Map<String, Asset> read(Path dir) throws IOException {
    Map<String, Asset> out = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        String name = dir.relativize(p).toString().replace('\\', '/');
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        if (type != null) {
          byte[] bytes = Files.readAllBytes(p);
          out.put(name, new Asset(bytes, type, etag(bytes)));
        }
      }
    }
    return out;
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Answers {@code path}, which is {@code /ui} or starts with {@code /ui/}. */
  void handle(HttpServerRequest req, String path) {
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      req.response().putHeader("allow", "GET, HEAD");
      throw new ApiException(ErrorKind.METHOD_NOT_ALLOWED,
          "Method " + req.method() + " not allowed on " + path + " (expected: GET or HEAD)");
    }
    HttpServerResponse res = req.response();
    res.putHeader("content-security-policy", CSP)
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("referrer-policy", "no-referrer")
        .putHeader("x-frame-options", "DENY")
        .putHeader("cross-origin-opener-policy", "same-origin")
        .putHeader("cross-origin-resource-policy", "same-origin");
    if (path.equals("/ui")) {
      res.setStatusCode(301).putHeader("location", "ui/").end();
      return;
    }
    String name = path.equals("/ui/") ? "index.html" : path.substring("/ui/".length());
    Asset a = files.get(name);
    if (a == null) {
      throw new ApiException(ErrorKind.NOT_FOUND, files.isEmpty()
          ? "This build of Shepherd has no web console (src/main/resources/ui is missing)."
          : "No console file " + path + ".");
    }
    res.putHeader("cache-control", "no-cache").putHeader("etag", a.etag());
    if (a.etag().equals(req.getHeader("if-none-match"))) {
      res.setStatusCode(304).end();
      return;
    }
    res.putHeader("content-type", a.type());
    if (req.method() == HttpMethod.HEAD) {
      res.putHeader("content-length", Integer.toString(a.body().length)).end();
    } else {
      res.end(Buffer.buffer(a.body()));
    }
  }
}
