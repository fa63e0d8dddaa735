package dev.locklab.history;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One recorded operation, in the Jepsen style: a worker first records {@link Type#INVOKE} for an
 * operation, then exactly one completion: {@link Type#OK} (it happened), {@link Type#FAIL} (it
 * certainly did not happen) or {@link Type#INFO} (the outcome cannot be known, for example a take
 * that was still blocked when the worker was released or killed).
 *
 * <p>Functions ({@code f}) used by the scenarios:
 * <ul>
 *   <li>{@code check}: {@code queue.isEmpty()}; value {@code "empty"} or {@code "non-empty"}.</li>
 *   <li>{@code take}: {@code queue.take()}; value on ok is the item text ({@code "<id>:<digit>"}).</li>
 *   <li>{@code acquire} / {@code release}: the lock; value on ok is the hold count after the call
 *       (reentrant depth), {@code waitNanos} is nanoseconds spent waiting for an acquire.</li>
 *   <li>{@code enter} / {@code exit}: stamps taken just after acquiring and just before releasing the
 *       lock; {@code seq} comes from one Redis {@code INCR} counter shared by every process of the run,
 *       so the order of critical sections is known without trusting wall clocks across hosts.</li>
 *   <li>{@code hold}: the coordinator holding the lock in the reentrant demo.</li>
 *   <li>{@code released}: info; the worker was stranded and released by the coordinator.</li>
 * </ul>
 *
 * @param worker     worker id ({@code worker-1}, a container hostname, or {@code coordinator})
 * @param type       invoke / ok / fail / info
 * @param f          the function, see above
 * @param value      the value, or {@code null}
 * @param time       nanoseconds since the worker's own start (monotonic, comparable only within one worker)
 * @param wallMillis wall clock of the worker's host, epoch millis (for humans, never for judging order)
 * @param seq        the run-wide sequence number for {@code enter}/{@code exit}, else {@code -1}
 * @param waitNanos  for a completed {@code acquire}: nanoseconds waited; else {@code -1}
 * @param note       free text for humans, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Op(String worker, Type type, String f, String value, long time, long wallMillis,
                 long seq, long waitNanos, String note) {

    /** The four kinds of entries in a history. */
    public enum Type { INVOKE, OK, FAIL, INFO }

    public static Op invoke(String worker, String f, long time, long wallMillis) {
        return new Op(worker, Type.INVOKE, f, null, time, wallMillis, -1, -1, null);
    }

    public Op withNote(String n) {
        return new Op(worker, type, f, value, time, wallMillis, seq, waitNanos, n);
    }

    public boolean is(Type t, String function) {
        return type == t && f.equals(function);
    }
}
