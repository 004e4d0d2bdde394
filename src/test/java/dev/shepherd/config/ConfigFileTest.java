package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weight edits of a config file ({@link ConfigFile#setWeight}, {@link WeightEdit}): exactly the
 * weight changes and every other character stays (comments, quoting, flow and block style);
 * refused edits leave the file as it was.
 */
class ConfigFileTest {
  static final String PROVIDERS = """
      # Production gateway. Keep this comment.
      providers:
        - {name: a, kind: simulator}   # primary
        - {name: b, kind: simulator}
      """;

  @TempDir
  Path dir;

  Path write(String yaml) throws Exception {
    Path f = dir.resolve("shepherd.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  static String model(String deployments) {
    return """
        models:
          - id: m1
            context_window: 1000
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments:
        %s""".formatted(deployments.indent(6));
  }

  @Test
  void replacesAPresentBlockWeightKeepingItsComment() throws Exception {
    String yaml = PROVIDERS + model("""
        - provider: a
          weight: 90     # most traffic
        - provider: b
          weight: 10
        """);
    Path f = write(yaml);
    String before = new ConfigFile(f, Map.of()).setWeight("a/m1", null, 25);
    assertEquals(yaml, before);
    assertEquals(yaml.replace("weight: 90     # most traffic", "weight: 25     # most traffic"), Files.readString(f));
    assertEquals(25, new ConfigFile(f, Map.of()).get().models().getFirst().deployments().getFirst().weight());
  }

  @Test
  void insertsAnAbsentWeightInBlockAndFlowMappings() throws Exception {
    String yaml = PROVIDERS + model("""
        - provider: a
          model: up-a
        - {provider: b, model: up-b}
        """);
    Path f = write(yaml);
    ConfigFile file = new ConfigFile(f, Map.of());
    file.setWeight("a/up-a", "m1", 7);
    file.setWeight("b/up-b", "m1", 3);
    assertEquals(yaml.replace("- provider: a\n", "- weight: 7\n        provider: a\n")
        .replace("{provider: b, model: up-b}", "{weight: 3, provider: b, model: up-b}"), Files.readString(f));
    var ds = file.get().models().getFirst().deployments();
    assertEquals(7, ds.get(0).weight());
    assertEquals(3, ds.get(1).weight());
  }

  @Test
  void replacesQuotedAndFlowValuesAndCountsCharactersNotCodePoints() throws Exception {
    String yaml = "# 🐑 shepherd's flock — ünïcödé before the edit\n" + PROVIDERS + model("""
        - {provider: a, weight: 60}
        - {provider: b, weight: "40"}
        """);
    Path f = write(yaml);
    new ConfigFile(f, Map.of()).setWeight("b/m1", null, 41);
    assertEquals(yaml.replace("weight: \"40\"", "weight: 41"), Files.readString(f));
  }

  @Test
  void anEditTheConfigRefusesLeavesTheFileAlone() throws Exception {
    String yaml = PROVIDERS + model("""
        - {provider: a, weight: 100}
        - {provider: b, weight: 0}
        """);
    Path f = write(yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigFile(f, Map.of()).setWeight("a/m1", null, 0));
    assertTrue(e.getMessage().contains("models[0].deployments: every weight is 0"), e.getMessage());
    assertEquals(yaml, Files.readString(f));
  }

  @Test
  void unknownAmbiguousShadowAndBuiltInDeploymentsAreRefused() throws Exception {
    String yaml = PROVIDERS + """
        include_builtin_catalog: true
        models:
          - id: m1
            context_window: 1000
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments:
              - {provider: a, model: shared}
              - {provider: b, shadow: true}
          - id: m2
            context_window: 1000
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments: [{provider: a, model: shared}]
        """;
    Path f = write(yaml);
    ConfigFile file = new ConfigFile(f, Map.of());
    assertEquals(ConfigFile.Refused.Reason.NOT_FOUND,
        assertThrows(ConfigFile.Refused.class, () -> file.setWeight("a/nothing", null, 1)).reason());
    ConfigFile.Refused ambiguous = assertThrows(ConfigFile.Refused.class, () -> file.setWeight("a/shared", null, 1));
    assertEquals(ConfigFile.Refused.Reason.INVALID, ambiguous.reason());
    assertTrue(ambiguous.getMessage().contains("[m1, m2]"), ambiguous.getMessage());
    assertEquals(ConfigFile.Refused.Reason.INVALID,
        assertThrows(ConfigFile.Refused.class, () -> file.setWeight("b/m1", "m1", 1)).reason());
    String builtin = file.get().models().get(2).deployments().getFirst().provider() + "/"
        + file.get().models().get(2).deployments().getFirst().model();
    ConfigFile.Refused fromCatalog = assertThrows(ConfigFile.Refused.class,
        () -> file.setWeight(builtin, file.get().models().get(2).id(), 1));
    assertEquals(ConfigFile.Refused.Reason.NOT_EDITABLE, fromCatalog.reason());
    assertTrue(fromCatalog.getMessage().contains("built-in catalog"), fromCatalog.getMessage());
    file.setWeight("a/shared", "m2", 5);
    assertEquals(yaml.replace("deployments: [{provider: a, model: shared}]", "deployments: [{weight: 5, provider: a, model: shared}]"),
        Files.readString(f));
  }

  @Test
  void aWeightSharedThroughAnAnchorIsNotEditedBehindTheOperatorsBack() throws Exception {
    String yaml = PROVIDERS + """
        models:
          - id: m1
            context_window: 1000
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments: [{provider: a, weight: &w 50}, {provider: b, weight: *w}]
        """;
    Path f = write(yaml);
    ConfigFile.Refused r = assertThrows(ConfigFile.Refused.class, () -> new ConfigFile(f, Map.of()).setWeight("a/m1", null, 10));
    assertEquals(ConfigFile.Refused.Reason.NOT_EDITABLE, r.reason());
    assertEquals(yaml, Files.readString(f));
  }

  @Test
  void aFileThatIsInvalidNowIsNotEdited() throws Exception {
    Path f = write(PROVIDERS + model("- {provider: nope}\n"));
    ConfigFile.Refused r = assertThrows(ConfigFile.Refused.class, () -> new ConfigFile(f, Map.of()).setWeight("nope/m1", null, 1));
    assertEquals(ConfigFile.Refused.Reason.NOT_EDITABLE, r.reason());
    assertTrue(r.getMessage().contains("fix it first"), r.getMessage());
  }

  @Test
  void writesThroughASymlinkKeepingTheLinkAndThePermissions() throws Exception {
    String yaml = PROVIDERS + model("- {provider: a, weight: 1}\n");
    Path real = dir.resolve("real.yaml");
    Files.writeString(real, yaml);
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
    Path link = Files.createSymbolicLink(dir.resolve("shepherd.yaml"), real);
    new ConfigFile(link, Map.of()).setWeight("a/m1", null, 2);
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(yaml.replace("weight: 1", "weight: 2"), Files.readString(real));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void anEnvironmentReferenceBecomesTheNumber() throws Exception {
    String yaml = PROVIDERS + model("- provider: a\n  weight: ${A_WEIGHT}\n");
    Path f = write(yaml);
    new ConfigFile(f, Map.of("A_WEIGHT", "5")).setWeight("a/m1", null, 6);
    assertEquals(yaml.replace("${A_WEIGHT}", "6"), Files.readString(f));
  }
}
