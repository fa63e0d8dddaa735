package dev.locklab.checker;

import dev.locklab.history.Op;
import dev.locklab.history.RunHistory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mutual-exclusion}: no two workers inside the critical section at once. Orders the OK
 * {@code enter}/{@code exit} stamps of every worker (the coordinator included) by {@code seq}, the
 * run-wide Redis {@code INCR} counter; wall clocks and per-worker {@code time} are never compared across
 * workers. A worker is inside from its {@code enter} to its next {@code exit}. Because {@code enter} is
 * stamped just after acquiring and {@code exit} just before releasing, a stamped interval lies inside the
 * real holding interval, so an overlap of stamped intervals is a real violation.
 *
 * <ul>
 *   <li>INVALID: B entered while A was inside, and A later recorded its exit (A really was still inside).
 *       The reason names both workers and the seq numbers.</li>
 *   <li>VALID with a note: B entered while A was inside, but A never recorded an exit (it crashed or was
 *       killed and its lease expired). We choose VALID, in the manner of Jepsen's checkers (a history is
 *       valid if some legal explanation of it exists): "A died before B entered" is such an explanation,
 *       and handing the lock on after a holder's lease expires is the lock doing its job. The silent
 *       worker is not forgiven: liveness reports it unfinished and exactly-once reports its item, so the
 *       run's overall verdict is still not VALID. The note keeps the event visible to the learner.</li>
 *   <li>UNKNOWN: the stamps break the contract (an enter while the same worker is inside, an exit with no
 *       enter, a stamp with no seq), or there are no stamps at all, so nothing can be judged.</li>
 * </ul>
 * Stateless and thread-safe; a pure function of the history.
 */
public final class MutualExclusionChecker implements Checker {
    public static final String NAME = "mutual-exclusion";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(RunHistory h) {
        List<Op> stamps = new ArrayList<>();
        int unstamped = 0;
        for (Op op : Hist.ops(h)) {
            if (op.is(Op.Type.OK, "enter") || op.is(Op.Type.OK, "exit")) {
                if (op.seq() < 0) {
                    unstamped++;
                } else {
                    stamps.add(op);
                }
            }
        }
        if (stamps.isEmpty() && unstamped == 0) {
            return Verdict.unknown(NAME, "no enter/exit stamps were recorded, so mutual exclusion cannot be judged");
        }
        stamps.sort(Comparator.comparingLong(Op::seq));
        Walk w = new Walk(stamps);
        if (unstamped > 0) {
            w.malformed.add(Hist.count(unstamped, "enter/exit stamp has", "enter/exit stamps have") + " no seq");
        }
        if (!w.proven.isEmpty()) {
            return Verdict.invalid(NAME, Hist.count(w.proven.size(), "overlap", "overlaps")
                    + " of the critical section: " + Hist.examples(w.proven));
        }
        if (!w.malformed.isEmpty()) {
            return Verdict.unknown(NAME, "the enter/exit stamps break their contract, so overlaps cannot be "
                    + "judged: " + Hist.examples(w.malformed));
        }
        String ok = Hist.count(w.sections, "critical section", "critical sections") + " by "
                + Hist.count(w.workers.size(), "worker", "workers") + ", none overlapping";
        if (!w.unproven.isEmpty()) {
            ok += "; note: " + Hist.examples(w.unproven);
        }
        return Verdict.valid(NAME, ok);
    }

    /** One pass over the stamps in seq order; the state of a single check call, never shared. */
    private static final class Walk {
        final List<String> proven = new ArrayList<>();
        final List<String> unproven = new ArrayList<>();
        final List<String> malformed = new ArrayList<>();
        final Set<String> workers = new LinkedHashSet<>();
        int sections;
        private final Map<String, Op> inside = new LinkedHashMap<>();
        /** Worker A (inside) -> the enters of other workers that happened while A was inside. */
        private final Map<String, List<Op>> entered = new HashMap<>();

        Walk(List<Op> stamps) {
            for (Op op : stamps) {
                workers.add(op.worker());
                if ("enter".equals(op.f())) {
                    enter(op);
                } else {
                    exit(op);
                }
            }
            inside.forEach(this::unresolved);
        }

        private void enter(Op op) {
            Op previous = inside.get(op.worker());
            if (previous != null) {
                malformed.add(op.worker() + " entered at seq " + op.seq() + " while still inside since seq "
                        + previous.seq());
                unresolved(op.worker(), previous);
            }
            inside.forEach((a, aEnter) -> {
                if (!a.equals(op.worker())) {
                    entered.computeIfAbsent(a, k -> new ArrayList<>()).add(op);
                }
            });
            inside.put(op.worker(), op);
        }

        private void exit(Op op) {
            Op enter = inside.remove(op.worker());
            if (enter == null) {
                malformed.add(op.worker() + " exited at seq " + op.seq() + " without having entered");
                return;
            }
            sections++;
            for (Op b : entered.getOrDefault(op.worker(), List.of())) {
                proven.add(b.worker() + " entered at seq " + b.seq() + " while " + op.worker()
                        + " was inside (entered at seq " + enter.seq() + ", exited at seq " + op.seq() + ")");
            }
            entered.remove(op.worker());
        }

        /** A's interval has no recorded end: overlaps with it are possible but not proven. */
        private void unresolved(String a, Op aEnter) {
            for (Op b : entered.getOrDefault(a, List.of())) {
                unproven.add(b.worker() + " entered at seq " + b.seq() + " while " + a + " (entered at seq "
                        + aEnter.seq() + ") never recorded an exit; " + a
                        + " presumably crashed and its lease expired, which is not an overlap");
            }
            entered.remove(a);
        }
    }
}
