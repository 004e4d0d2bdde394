/**
 * The {@code kind: simulator} provider: {@link dev.shepherd.provider.simulator.SimulatorServer}, an
 * in-process OpenAI-compatible upstream on loopback with simulated content, token counts, pacing and
 * fault injection. The gateway calls it over HTTP like any other OpenAI-compatible upstream; the README
 * demo, integration tests and benchmarks use it.
 */
package dev.shepherd.provider.simulator;
