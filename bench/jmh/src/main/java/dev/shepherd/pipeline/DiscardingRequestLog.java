package dev.shepherd.pipeline;

import dev.shepherd.store.RequestLogStore;
import dev.shepherd.store.RequestQuery;
import dev.shepherd.store.RequestRecord;
import dev.shepherd.store.RequestRollup;
import java.util.List;
import java.util.Optional;

/** A request log store that keeps nothing: {@link ObserveBench} measures the listener, not the database. */
enum DiscardingRequestLog implements RequestLogStore {
  INSTANCE;

  @Override
  public int write(List<RequestRecord> records) {
    return records.size();
  }

  @Override
  public List<RequestRecord> recent(RequestQuery query) {
    return List.of();
  }

  @Override
  public long lastSequence() {
    return 0;
  }

  @Override
  public Optional<RequestRecord> get(String requestId) {
    return Optional.empty();
  }

  @Override
  public List<RequestRollup> rollups(long fromHour, long toHour) {
    return List.of();
  }

  @Override
  public long deleteRequestsBefore(long cutoffMillis, int chunk) {
    return 0;
  }

  @Override
  public long deleteRollupsBefore(long cutoffHour) {
    return 0;
  }
}
