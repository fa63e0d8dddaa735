package dev.locklab.lock;

/** The lock contract for the {@code fair} backend. */
class FairLockContractIT extends LockContract {
    @Override
    String backend() {
        return "fair";
    }

    @Override
    boolean reentrant() {
        return true;
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
