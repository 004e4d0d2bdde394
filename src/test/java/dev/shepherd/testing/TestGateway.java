package dev.shepherd.testing;

import dev.shepherd.auth.AdminAuth;
import dev.shepherd.auth.ApiKeys;
import dev.shepherd.config.ConfigLoader;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.server.ShepherdServer;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.store.Store;
import dev.shepherd.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A real in-process gateway for tests: temp SQLite store, a config written as YAML (so tests go
 * through the real loader), one client key and the admin key. Close it after the test class.
 */
public final class TestGateway implements AutoCloseable {
  public static final String ADMIN_KEY = "sk-shp-admin-test-0123456789";
  private final Path dir;
  private final Store store;
  private final ShepherdServer server;
  private final String key;
  private final Path configFile;

  private TestGateway(Path dir, Store store, ShepherdServer server, String key) {
    this.dir = dir;
    this.configFile = dir.resolve("shepherd.yaml");
    this.store = store;
    this.server = server;
    this.key = key;
  }

  /**
   * Starts a gateway whose config YAML is {@code yaml} with {@code STORE_URL} replaced by a temp
   * SQLite file. Creates one unrestricted key.
   */
  public static TestGateway start(String yaml) throws Exception {
    return start(yaml, new dev.shepherd.observe.LineSink(System.out, 100, 100_000));
  }

  /** As {@link #start(String)}, with the access log written to {@code accessSink}. */
  public static TestGateway start(String yaml, dev.shepherd.observe.LineSink accessSink) throws Exception {
    return start(yaml, accessSink, Clock.systemUTC());
  }

  /**
   * As {@link #start(String, dev.shepherd.observe.LineSink)}, with breakers and cooldowns reading
   * {@code clock}. The config file can be rewritten ({@link #rewriteConfig}) and reloaded.
   */
  public static TestGateway start(String yaml, dev.shepherd.observe.LineSink accessSink, Clock clock)
      throws Exception {
    return start(yaml, accessSink, clock, null);
  }

  /**
   * As {@link #start(String, dev.shepherd.observe.LineSink, Clock)}, with {@code STORE_URL} replaced
   * by {@code storeUrl} ({@code null}: a temp SQLite file) — e.g. a PostgreSQL database shared by
   * several gateways.
   */
  public static TestGateway start(String yaml, dev.shepherd.observe.LineSink accessSink, Clock clock,
      String storeUrl) throws Exception {
    Path dir = Files.createTempDirectory("shepherd-test");
    Path file = dir.resolve("shepherd.yaml");
    Files.writeString(file, yaml.replace("STORE_URL",
        storeUrl != null ? storeUrl : "jdbc:sqlite:" + dir.resolve("test.db")));
    ShepherdConfig config = ConfigLoader.load(file, Map.of());
    Store store = JdbcStore.open(config.store().url(), storeUrl != null && storeUrl.startsWith("jdbc:postgresql")
        ? "postgres" : "", "");
    String key = ApiKeys.generate(ApiKeys.PREFIX);
    long now = System.currentTimeMillis();
    store.keys().insert(new KeyRecord(storeUrl == null ? "key_test" : "key_test_" + Long.toHexString(System.nanoTime()), "test", ApiKeys.hash(key), ApiKeys.displayPrefix(key),
        null, null, null, null, null, null, now, null, now));
    ShepherdServer server = ShepherdServer.start(config, store, new AdminAuth(ApiKeys.hash(ADMIN_KEY)),
        clock, accessSink, new dev.shepherd.config.ConfigFile(file, Map.of()));
    return new TestGateway(dir, store, server, key);
  }

  /**
   * A config with provider {@code fake} (OpenAI-compatible, at {@code upstreamBaseUrl}), a
   * simulator {@code sim}, and an unconfigured provider {@code offline}. Models: {@code test-model}
   * and {@code second-model} on fake, {@code sim-model} on the simulator, {@code offline-model}.
   */
  public static String config(String upstreamBaseUrl, String timeoutsYaml) {
    return """
        server: {port: 0, event_loops: 2, max_body_bytes: 1048576}
        store: {url: "STORE_URL"}
        providers:
          - {name: fake, kind: openai, base_url: "%s", api_key: upstream-secret-key, timeouts: %s}
          - {name: sim, kind: simulator}
          - {name: offline, kind: openai, base_url: "", api_key: ""}
        models:
          - id: test-model
            context_window: 1000000
            price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
            deployments: [{provider: fake, model: upstream/real-model}]
          - id: second-model
            context_window: 8192
            price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
            deployments: [{provider: fake, model: upstream/second}]
          - id: sim-model
            context_window: 32768
            price: {input_per_mtok: 0, output_per_mtok: 0}
            deployments: [{provider: sim, model: simulated}]
          - id: offline-model
            context_window: 8192
            price: {input_per_mtok: 0, output_per_mtok: 0}
            deployments: [{provider: offline, model: nothing}]
        """.formatted(upstreamBaseUrl, timeoutsYaml);
  }

  /** Generous timeouts for tests that are not about timeouts. */
  public static final String RELAXED = "{connect_ms: 2000, first_byte_ms: 5000, idle_ms: 5000, total_ms: 20000}";

  public String baseUrl() {
    return "http://127.0.0.1:" + server.port() + "/v1";
  }

  public int port() {
    return server.port();
  }

  public String key() {
    return key;
  }

  /** Replaces the config file's text ({@code STORE_URL} keeps meaning this gateway's store). */
  public void rewriteConfig(String yaml) throws java.io.IOException {
    Files.writeString(configFile, yaml.replace("STORE_URL", "jdbc:sqlite:" + dir.resolve("test.db")));
  }

  public Path configFile() {
    return configFile;
  }

  public Store store() {
    return store;
  }

  public ShepherdServer server() {
    return server;
  }

  public List<KeyRecord> keys() {
    return store.keys().list();
  }

  @Override
  public void close() throws Exception {
    server.close();
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
