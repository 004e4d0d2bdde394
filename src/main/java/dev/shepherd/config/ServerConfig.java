package dev.shepherd.config;

/**
 * HTTP listener settings.
 *
 * @param host address to bind (default {@code 127.0.0.1})
 * @param port TCP port (default 8080; 0 picks a free port)
 * @param maxBodyBytes largest request body accepted; larger bodies get 413 (default 8 MiB)
 * @param eventLoops Vert.x event loops serving requests (default: number of cores)
 */
public record ServerConfig(String host, int port, long maxBodyBytes, int eventLoops) {}
