package dev.locklab.checker;

import java.util.Collection;

/**
 * A checker's judgement. {@link Status} values are ordered from best to worst; combining verdicts
 * keeps the worst ("the worst wins").
 *
 * @param checker the checker's name, e.g. {@code exactly-once}
 * @param status  VALID, INVALID or UNKNOWN
 * @param reason  one or two sentences in words a learner understands
 */
public record Verdict(String checker, Status status, String reason) {

    /** VALID is best; UNKNOWN is worse than VALID; INVALID is worst. */
    public enum Status {
        VALID(0), UNKNOWN(2), INVALID(1);

        private final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The process exit code for a run with this overall verdict (documented in the README). */
        public int exitCode() {
            return exitCode;
        }

        /** The worse of this and {@code other} (INVALID over UNKNOWN over VALID). */
        public Status worse(Status other) {
            return other.badness() > badness() ? other : this;
        }

        int badness() {
            return this == VALID ? 0 : this == UNKNOWN ? 1 : 2;
        }
    }

    public static Verdict valid(String checker, String reason) {
        return new Verdict(checker, Status.VALID, reason);
    }

    public static Verdict invalid(String checker, String reason) {
        return new Verdict(checker, Status.INVALID, reason);
    }

    public static Verdict unknown(String checker, String reason) {
        return new Verdict(checker, Status.UNKNOWN, reason);
    }

    /** The worst status among the verdicts; VALID for none. */
    public static Status worst(Collection<Verdict> verdicts) {
        Status w = Status.VALID;
        for (Verdict v : verdicts) {
            w = w.worse(v.status);
        }
        return w;
    }
}
