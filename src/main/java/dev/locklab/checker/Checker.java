package dev.locklab.checker;

import dev.locklab.history.RunHistory;

/**
 * Judges one property of a finished (or interrupted) run from its {@link RunHistory} alone: checkers
 * never talk to Redis, never read clocks and never change the history ("record first, judge
 * afterwards"). So a checker can be unit-tested on a history written by hand.
 *
 * <p>Implementations in this package are stateless and therefore thread-safe; {@link #check} is a pure
 * function of its argument. A checker may throw on a malformed history; {@link Checkers#judge} turns
 * that into an UNKNOWN verdict.
 */
public interface Checker {

    /** The checker's short name, kebab-case, e.g. {@code exactly-once}; also {@link Verdict#checker()}. */
    String name();

    /** Judges the history; never returns {@code null}. */
    Verdict check(RunHistory h);
}
