package dev.shepherd.pipeline;

import dev.shepherd.provider.ShadowResult;
import dev.shepherd.routing.Deployment;

/** Hears how each shadow copy of a request went (for comparison with the primary). Must not block. */
@FunctionalInterface
public interface ShadowListener {
  void onShadow(Exchange primary, Deployment shadow, ShadowResult result);
}
