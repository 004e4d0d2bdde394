package dev.shepherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.Shepherd;
import dev.shepherd.auth.ApiKeys;
import dev.shepherd.store.jdbc.JdbcStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line, run in-process: exit codes and what it prints. */
class CliTest {
  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new Shepherd()).execute(args);
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpEverywhere() {
    for (String[] args : new String[][] {{"--help"}, {"serve", "--help"}, {"check-config", "--help"},
        {"keys", "--help"}, {"keys", "create", "--help"}, {"keys", "list", "--help"}, {"keys", "revoke", "--help"}}) {
      Run r = run(args);
      assertEquals(0, r.exit(), String.join(" ", args));
      assertTrue(r.out().contains("Usage:"), r.out());
    }
  }

  @Test
  void checkConfigPrintsSortedMaskedConfigOrFailsPrecisely() throws Exception {
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, """
        providers:
          - {name: up, kind: openai, base_url: "http://127.0.0.1:8000/v1", api_key: "sk-very-secret-123"}
        models:
          - id: m
            context_window: 1000
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments: [{provider: up, model: real}]
        """);
    Run ok = run("check-config", good.toString());
    assertEquals(0, ok.exit(), ok.err());
    assertFalse(ok.out().contains("sk-very-secret-123"));
    assertTrue(ok.out().contains("****"));
    assertTrue(ok.out().indexOf("models") < ok.out().indexOf("providers"), "sorted");

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(good).replace("context_window", "context_windw"));
    Run fail = run("check-config", bad.toString());
    assertEquals(1, fail.exit());
    assertTrue(fail.err().contains("models[0].context_windw"), fail.err());
  }

  @Test
  void keysCreateListRevokeOnTheEmbeddedStore() {
    String dataDir = dir.resolve("data").toString();
    Run created = run("keys", "create", "--data-dir", dataDir, "--name", "ci", "--models", "gpt-4.1,shepherd-sim");
    assertEquals(0, created.exit(), created.err());
    String key = created.out().lines().filter(l -> l.startsWith("key:")).findFirst().orElseThrow().split("\\s+")[1];
    String id = created.out().lines().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().split("\\s+")[1];
    assertTrue(key.startsWith("sk-shp-"));
    Run list = run("keys", "list", "--data-dir", dataDir);
    assertTrue(list.out().contains(id) && list.out().contains("active"));
    assertFalse(list.out().contains(key), "list never shows the secret");
    try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dataDir + "/shepherd.db", "", "")) {
      assertEquals(ApiKeys.hash(key), store.keys().list().getFirst().keyHash());
    }
    assertEquals(0, run("keys", "revoke", "--data-dir", dataDir, id).exit());
    assertTrue(run("keys", "list", "--data-dir", dataDir).out().contains("revoked"));
    assertEquals(1, run("keys", "revoke", "--data-dir", dataDir, id).exit());
  }

  @Test
  void adminKeyIsGeneratedOncePrintedOnceAndStoredHashed() {
    try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("a.db"), "", "")) {
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      var auth = AdminKeyBootstrap.resolve(store.keys(), Map.of(), new PrintStream(first, true, StandardCharsets.UTF_8));
      String printed = first.toString(StandardCharsets.UTF_8).lines().filter(l -> l.trim().startsWith("sk-shp-admin-"))
          .findFirst().orElseThrow().trim();
      assertTrue(auth.accepts(printed));
      assertEquals(ApiKeys.hash(printed), store.keys().setting(AdminKeyBootstrap.SETTING).orElseThrow());
      ByteArrayOutputStream second = new ByteArrayOutputStream();
      var again = AdminKeyBootstrap.resolve(store.keys(), Map.of(), new PrintStream(second, true, StandardCharsets.UTF_8));
      assertEquals("", second.toString(StandardCharsets.UTF_8), "printed only once");
      assertTrue(again.accepts(printed));
      var env = AdminKeyBootstrap.resolve(store.keys(), Map.of("SHEPHERD_ADMIN_KEY", "from-env"), System.out);
      assertTrue(env.accepts("from-env"));
      assertFalse(env.accepts(printed));
    }
  }
}
