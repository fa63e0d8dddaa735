package dev.locklab.history;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A worker's history, in the order the worker recorded it. Thread-safe: any thread may record;
 * {@link #snapshot()} returns a copy. Listeners are called synchronously after the op is stored.
 */
public final class Recorder {
    private final String worker;
    private final long startNanos = System.nanoTime();
    private final List<Op> ops = new ArrayList<>();
    private final List<OpListener> listeners = new CopyOnWriteArrayList<>();

    public Recorder(String worker) {
        this.worker = worker;
    }

    public String worker() {
        return worker;
    }

    public void addListener(OpListener l) {
        listeners.add(l);
    }

    public Op invoke(String f) {
        return record(new Op(worker, Op.Type.INVOKE, f, null, now(), System.currentTimeMillis(), -1, -1, null));
    }

    public Op ok(String f, String value) {
        return complete(Op.Type.OK, f, value, -1, -1, null);
    }

    public Op fail(String f, String note) {
        return complete(Op.Type.FAIL, f, null, -1, -1, note);
    }

    public Op info(String f, String note) {
        return complete(Op.Type.INFO, f, null, -1, -1, note);
    }

    /** Records a completion with every field given. */
    public Op complete(Op.Type type, String f, String value, long seq, long waitNanos, String note) {
        return record(new Op(worker, type, f, value, now(), System.currentTimeMillis(), seq, waitNanos, note));
    }

    public Op record(Op op) {
        synchronized (ops) {
            ops.add(op);
        }
        for (OpListener l : listeners) {
            l.onOp(op);
        }
        return op;
    }

    public List<Op> snapshot() {
        synchronized (ops) {
            return List.copyOf(ops);
        }
    }

    private long now() {
        return System.nanoTime() - startNanos;
    }
}
