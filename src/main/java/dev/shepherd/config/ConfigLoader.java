package dev.shepherd.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads YAML configuration into a validated {@link ShepherdConfig}.
 *
 * <p>Guarantees: {@code ${VAR}} and {@code ${VAR:-default}} are interpolated from {@code env};
 * unknown keys are rejected naming their path; every value is validated before a config is
 * returned. Any problem is a {@link ConfigException} whose message names the key path and the
 * expected value (all problems of a file are reported together, one per line).
 *
 * <p>A config file is complete on its own. With {@code include_builtin_catalog: true} it also gets
 * the built-in catalog's providers and models that it does not define itself (the file wins by
 * provider name and model id).
 */
public final class ConfigLoader {
  /** Where {@link #load(Path, Map)} puts the default SQLite database. */
  public static final Path DEFAULT_DATA_DIR = Path.of("./shepherd-data");

  /** Classpath location of the built-in catalog (same YAML shape as a config file). */
  static final String BUILTIN_RESOURCE = "/catalog/builtin.yaml";

  private ConfigLoader() {}

  /** Loads and validates {@code file}; the default store is SQLite under {@link #DEFAULT_DATA_DIR}. */
  public static ShepherdConfig load(Path file, Map<String, String> env) {
    return load(file, env, DEFAULT_DATA_DIR);
  }

  /** Loads and validates {@code file}; the default store is {@code jdbc:sqlite:<dataDir>/shepherd.db}. */
  public static ShepherdConfig load(Path file, Map<String, String> env, Path dataDir) {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file (expected: a readable YAML config file)", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    return parse(yaml, file.toString(), env, dataDir);
  }

  /** The embedded defaults: SQLite under {@code dataDir} and the built-in model catalog. */
  public static ShepherdConfig builtIn(Path dataDir, Map<String, String> env) {
    return ConfigConverter.convert(readBuiltin(env), dataDir);
  }

  /** Parses YAML text; {@code origin} names it in errors that have no key path. */
  static ShepherdConfig parse(String yaml, String origin, Map<String, String> env, Path dataDir) {
    Raw.Config raw = RawReader.read(yaml, origin, env);
    if (Boolean.TRUE.equals(raw.includeBuiltinCatalog())) {
      raw = withBuiltin(raw, readBuiltin(env));
    }
    return ConfigConverter.convert(raw, dataDir);
  }

  private static Raw.Config readBuiltin(Map<String, String> env) {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(BUILTIN_RESOURCE)) {
      if (in == null) {
        throw new ConfigException("classpath:" + BUILTIN_RESOURCE + ": missing from the build");
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return RawReader.read(yaml, "classpath:" + BUILTIN_RESOURCE, env);
    } catch (IOException e) {
      throw new ConfigException("classpath:" + BUILTIN_RESOURCE + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * {@code file} plus the built-in providers and models it does not define; file entries first.
   * Every other section (server, store, routing) is the file's own.
   */
  static Raw.Config withBuiltin(Raw.Config file, Raw.Config builtin) {
    List<Raw.Provider> providers = new ArrayList<>(ConfigConverter.nonNull(file.providers()));
    Set<String> names = new HashSet<>();
    providers.forEach(p -> names.add(p == null ? null : p.name()));
    for (Raw.Provider p : ConfigConverter.nonNull(builtin.providers())) {
      if (!names.contains(p.name())) {
        providers.add(p);
      }
    }
    List<Raw.Model> models = new ArrayList<>(ConfigConverter.nonNull(file.models()));
    Set<String> ids = new HashSet<>();
    models.forEach(m -> ids.add(m == null ? null : m.id()));
    for (Raw.Model m : ConfigConverter.nonNull(builtin.models())) {
      if (!ids.contains(m.id())) {
        models.add(m);
      }
    }
    return new Raw.Config(file.server(), file.store(), providers, models, file.includeBuiltinCatalog(),
        file.routing(), file.limits(), file.tokenizers(), file.billing(), file.observe(), file.slo());
  }
}
