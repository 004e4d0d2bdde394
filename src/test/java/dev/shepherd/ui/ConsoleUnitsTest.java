package dev.shepherd.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's pure JavaScript (chart scales, per-minute buckets of the request log, route trace
 * parsing, daily series) under {@code node --test} (src/test/ui/units.test.mjs). Needs a Node
 * that loads ES modules from {@code .js} files without a package.json (20.19+ or 22.7+);
 * skipped otherwise.
 */
class ConsoleUnitsTest {

  /** Node's version as {major, minor}, or null when there is no node. */
  static int[] nodeVersion() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      Matcher m = Pattern.compile("^v(\\d+)\\.(\\d+)").matcher(out);
      return p.waitFor(10, TimeUnit.SECONDS) && m.find()
          ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
    } catch (Exception e) {
      return null;
    }
  }

  @Test
  void pureFunctionsPassUnderNodeTest() throws Exception {
    int[] v = nodeVersion();
    assumeTrue(v != null && (v[0] > 22 || v[0] == 22 && v[1] >= 7 || v[0] == 20 && v[1] >= 19),
        "needs node 20.19+ or 22.7+ (ES modules detected in .js files)");
    Process p = new ProcessBuilder("node", "--test", "src/test/ui/units.test.mjs").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node finished");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("# fail 0"), out);
  }
}
