package dev.locklab.history;

import dev.locklab.config.RunSpec;

import java.util.List;
import java.util.Map;

/**
 * Everything the checkers judge, gathered by the coordinator after a run (or written by hand in
 * tests). Immutable.
 *
 * @param spec        the run's parameters
 * @param seeded      every item the coordinator put on the queue, in order ({@code "<id>:<digit>"})
 * @param ops         all workers' histories (and the coordinator's), each worker's ops in its own order
 * @param leftover    items still on the queue when the run ended (drained by the coordinator so none is lost)
 * @param joined      workers that joined the run, in join order
 * @param stranded    worker -> what the coordinator saw: workers blocked in {@code take()} on an empty
 *                    queue after every other worker finished; each was released
 * @param unfinished  worker -> why: workers that had not finished when the run ended (deadline,
 *                    interruption, crash) and were not stranded
 * @param durationNanos the run's duration, from start signal to the last worker finished (or to the
 *                    moment the run was cut short: deadline, interruption, a dead worker), as the
 *                    coordinator measured it
 */
public record RunHistory(RunSpec spec, List<String> seeded, List<Op> ops, List<String> leftover,
                         List<String> joined, Map<String, String> stranded, Map<String, String> unfinished,
                         long durationNanos) {
}
