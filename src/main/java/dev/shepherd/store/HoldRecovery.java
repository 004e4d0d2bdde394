package dev.shepherd.store;

/**
 * What one sweep released: the holds of a gateway instance that died (its heartbeat went stale).
 * Each hold is a request that was in flight at the crash; whatever it had used is not charged.
 *
 * @param id recovery id
 * @param deadInstanceId the instance that died
 * @param releasedBy the instance that swept
 * @param holds how many holds (requests) were released
 * @param micros micro-USD they held
 * @param createdAt epoch millis of the sweep
 */
public record HoldRecovery(String id, String deadInstanceId, String releasedBy, long holds, long micros,
    long createdAt) {}
