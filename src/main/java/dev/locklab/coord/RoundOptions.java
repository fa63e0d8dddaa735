package dev.locklab.coord;

import java.time.Duration;

/**
 * How the coordinator gathers workers for a round. Immutable.
 *
 * @param announceKey where to publish the run id for long-lived workers (see
 *                    {@link dev.locklab.queue.RunKeys#announce}), or {@code null} to announce nothing
 * @param joinTimeout how long to wait for the expected workers
 * @param joinWindow  with {@code workers == 0} ("whoever comes"): how long to collect joiners
 */
public record RoundOptions(String announceKey, Duration joinTimeout, Duration joinWindow) {
}
