package dev.shepherd.store;

/**
 * One request's credit hold as stored ({@code holds} table), so that a crash cannot strand it.
 *
 * @param id the request id
 * @param accountId the account holding
 * @param instanceId the gateway instance that holds it
 * @param micros micro-USD held
 * @param createdAt epoch millis
 */
public record HoldRecord(String id, String accountId, String instanceId, long micros, long createdAt) {}
