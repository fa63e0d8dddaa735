package dev.locklab.coord;

import java.time.Duration;

/**
 * How the coordinator gathers workers for a round. Immutable.
 *
 * @param announce    publish the run id on {@code locklab:announce} for long-lived workers
 * @param joinTimeout how long to wait for the expected workers
 * @param joinWindow  with {@code workers == 0} ("whoever comes"): how long to collect joiners
 */
public record RoundOptions(boolean announce, Duration joinTimeout, Duration joinWindow) {
}
