package dev.locklab.lock;

/** The lock contract for the {@code non-reentrant} backend. */
class NonReentrantLockContractIT extends LockContract {
    @Override
    String backend() {
        return "non-reentrant";
    }

    @Override
    boolean reentrant() {
        return false;
    }

    @Override
    boolean anyoneMayRelease() {
        return false;
    }

    @Override
    boolean honoursLease() {
        return true;
    }
}
