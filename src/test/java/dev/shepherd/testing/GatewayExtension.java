package dev.shepherd.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real gateway in front of a {@link FakeUpstream} for one test class (like Armeria's
 * {@code ServerExtension}): {@code @RegisterExtension static final GatewayExtension env = new GatewayExtension();}
 * Both start before the class's {@code @BeforeAll} methods and stop after its {@code @AfterAll}.
 * Each test starts with closed breakers and no cooldowns, whatever the previous test did.
 */
public final class GatewayExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private final String timeoutsYaml;
  private FakeUpstream upstream;
  private TestGateway gateway;

  /** Generous timeouts, for tests that are not about timeouts. */
  public GatewayExtension() {
    this(TestGateway.RELAXED);
  }

  /** @param timeoutsYaml the fake provider's {@code timeouts} as a YAML flow map */
  public GatewayExtension(String timeoutsYaml) {
    this.timeoutsYaml = timeoutsYaml;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    upstream = new FakeUpstream();
    gateway = TestGateway.start(TestGateway.config(upstream.baseUrl(), timeoutsYaml));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    gateway.server().resetRouting();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    gateway.close();
    upstream.close();
  }

  public FakeUpstream upstream() {
    return upstream;
  }

  public TestGateway gateway() {
    return gateway;
  }
}
