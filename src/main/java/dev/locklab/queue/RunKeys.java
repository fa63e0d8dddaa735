package dev.locklab.queue;

/**
 * The Redis key names of one run. Every key shares the hash tag {@code {runId}}, so a run's keys live
 * in one Redis Cluster slot and two runs never share a key: a {@code BLPOP} stranded in an old run
 * blocks on the old run's queue and can never take a new run's items. Immutable.
 */
public record RunKeys(String runId) {

    /** Global key (no run tag) naming the run long-lived workers should join next (the default channel). */
    public static final String ANNOUNCE = "locklab:announce";

    /**
     * The announce key of a channel: {@link #ANNOUNCE} for none, else {@code locklab:announce:<channel>}.
     * Coordinators and workers on one channel never see another channel's runs, so a {@code compare}
     * and a workshop can share one Redis without taking each other's workers.
     *
     * @throws dev.locklab.config.UsageException for a channel that is not 1..64 of {@code [A-Za-z0-9._-]}
     */
    public static String announce(String channel) {
        if (channel == null || channel.isEmpty()) {
            return ANNOUNCE;
        }
        if (!channel.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new dev.locklab.config.UsageException("--channel '" + channel
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return ANNOUNCE + ":" + channel;
    }

    private String key(String suffix) {
        return "locklab:{" + runId + "}:" + suffix;
    }

    /** Hash: the run's parameters (see {@code RunSpec#toMap}). */
    public String spec() {
        return key("spec");
    }

    /** List of items {@code "<id>:<digit>"}, plain text: {@code LRANGE} it while a run goes. */
    public String queue() {
        return key("queue");
    }

    /**
     * List: what was still on the queue when the run ended. The coordinator renames the queue to this
     * key in one atomic step, so no worker still running can take an item after the run was judged.
     */
    public String leftover() {
        return key("leftover");
    }

    /** The lock (a Redisson hash {@code owner -> hold count}, a semaphore, or a jedis token string). */
    public String lock() {
        return key("lock");
    }

    /** Counter: run-wide order of critical-section enter/exit stamps. */
    public String seq() {
        return key("seq");
    }

    /** List of workers that asked to join, in order. */
    public String joined() {
        return key("joined");
    }

    /** Set of the names that joined: a second worker with a name already there is refused. */
    public String names() {
        return key("names");
    }

    /** List: the workers chosen to take part (written by the coordinator before the start). */
    public String participants() {
        return key("participants");
    }

    /** String: {@code seeded}, {@code started}, {@code finished}. */
    public String state() {
        return key("state");
    }

    /** List one worker blocks on until the coordinator says go. */
    public String start(String worker) {
        return key("start:" + worker);
    }

    /**
     * List: workers that finished (history already written): the worker's name, or
     * {@code <name><TAB>why} when its scenario did not end normally (see {@link #doneEntry}).
     */
    public String done() {
        return key("done");
    }

    /** The {@link #done()} entry of a worker; {@code trouble} is null for a normal end. */
    public static String doneEntry(String worker, String trouble) {
        return trouble == null ? worker : worker + '\t' + trouble.replace('\t', ' ');
    }

    /** The worker's name in a {@link #done()} entry. */
    public static String doneWorker(String entry) {
        int tab = entry.indexOf('\t');
        return tab < 0 ? entry : entry.substring(0, tab);
    }

    /** Why a worker's scenario did not end normally, from its {@link #done()} entry; null if it did. */
    public static String doneTrouble(String entry) {
        int tab = entry.indexOf('\t');
        return tab < 0 ? null : entry.substring(tab + 1);
    }

    /** List of JSON lines: one worker's history. */
    public String history(String worker) {
        return key("history:" + worker);
    }

    /** Every key pattern of the run, for {@code EXPIRE} at the end. */
    public String pattern() {
        return "locklab:{" + runId + "}:*";
    }
}
