package dev.locklab.coord;

/** Questions about an exception's cause chain. Stateless; any thread; package-private. */
final class Causes {
    private Causes() {
    }

    /** True when {@code e} or any of its causes is an instance of one of {@code types}. */
    @SafeVarargs
    static boolean any(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
