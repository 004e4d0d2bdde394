package dev.shepherd.store;

import java.util.List;
import java.util.Optional;

/**
 * The request log (one row per request: failed ones in {@code request_log}, answered ones many to
 * a {@code request_blocks} row) and its hourly rollups ({@code request_rollups}: one row per model
 * and UTC hour). Every method blocks (JDBC): call it
 * off the event loop. Dashboards and SLOs read rollups only; raw rows serve the console's
 * "what happened to this request" views and are kept for a shorter time.
 */
public interface RequestLogStore {

  /**
   * Inserts a batch of rows and adds the ones inserted to their hourly rollups, in one transaction.
   * A row is keyed by the sequence number in its request id ({@link RequestIds}); a row whose
   * request id is not of that form, or whose {@code createdAt} is not the id's time, gets a sequence
   * number from its {@code createdAt}. A row whose request id is already stored is skipped and not
   * counted again, so a retried batch changes nothing twice. Rows of instances sharing a
   * PostgreSQL database merge into the same rollups (each rollup row is locked while it is
   * updated). Returns the rows inserted.
   */
  int write(List<RequestRecord> records);

  /** Rows matching {@code query}, newest first, without payloads. */
  List<RequestRecord> recent(RequestQuery query);

  /**
   * The largest sequence number stored ({@link RequestIds#sequence}), 0 when none: a new
   * {@link RequestIds} starts after it.
   */
  long lastSequence();

  /** One row with its payloads, if stored. */
  Optional<RequestRecord> get(String requestId);

  /** The rollups of hours starting in {@code [fromHour, toHour)} (epoch millis), by hour then model. */
  List<RequestRollup> rollups(long fromHour, long toHour);

  /**
   * Deletes rows of requests started before {@code cutoffMillis}, in chunks of {@code chunk} rows
   * (one short transaction each). Returns the number deleted.
   */
  long deleteRequestsBefore(long cutoffMillis, int chunk);

  /** Deletes rollups of hours starting before {@code cutoffHour}. Returns the number deleted. */
  long deleteRollupsBefore(long cutoffHour);
}
