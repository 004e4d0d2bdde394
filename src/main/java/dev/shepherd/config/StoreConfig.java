package dev.shepherd.config;

/**
 * Where durable state lives.
 *
 * @param url JDBC URL: {@code jdbc:sqlite:FILE} (default, embedded) or {@code jdbc:postgresql://...}
 * @param username database user, or empty
 * @param password database password, or empty (a secret: masked when printed)
 */
public record StoreConfig(String url, String username, String password) {}
