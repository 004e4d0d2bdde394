package dev.shepherd.pipeline;

import dev.shepherd.auth.KeyCache;
import dev.shepherd.routing.RoutingState;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the stages need, assembled once at startup. The config-dependent parts (catalog,
 * upstreams) travel with each exchange's {@link Generation}.
 */
public record Services(KeyCache keys, RoutingState routing, RandomGenerator random,
    List<ShadowListener> shadowListeners) {}
