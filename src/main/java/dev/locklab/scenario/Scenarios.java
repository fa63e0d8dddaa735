package dev.locklab.scenario;

import dev.locklab.config.UsageException;

import java.util.List;
import java.util.Map;

/** Scenario ids and their programs. Stateless; any thread. */
public final class Scenarios {
    public static final String RACY = "racy-drain";
    public static final String LOCKED = "locked-drain";
    public static final String REENTRANT = "reentrant";
    public static final List<String> IDS = List.of(RACY, LOCKED, REENTRANT);

    private static final Map<String, Scenario> BY_ID = Map.of(
            RACY, new RacyDrain(), LOCKED, new LockedDrain(), REENTRANT, new ReentrantDemo());

    private Scenarios() {
    }

    /** @throws UsageException for an unknown id */
    public static Scenario get(String id) {
        Scenario s = BY_ID.get(id);
        if (s == null) {
            throw new UsageException("unknown scenario '" + id + "'; choose one of " + String.join(", ", IDS));
        }
        return s;
    }

    /** True when the scenario's workers use the lock. */
    public static boolean usesLock(String id) {
        return !RACY.equals(id);
    }

    /** True when the scenario drains the queue (the reentrant demo seeds no items). */
    public static boolean usesQueue(String id) {
        return !REENTRANT.equals(id);
    }

    /** The reentrant depth each worker reaches in the RLock demo. */
    public static int reentrantDepth() {
        return ReentrantDemo.DEPTH;
    }
}
