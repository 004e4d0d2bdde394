package dev.shepherd.pipeline;

import dev.shepherd.auth.KeyCache;
import dev.shepherd.provider.Upstreams;
import dev.shepherd.routing.Catalog;
import java.util.random.RandomGenerator;

/** What the stages need, assembled once at startup. */
public record Services(KeyCache keys, Catalog catalog, Upstreams upstreams, RandomGenerator random) {}
