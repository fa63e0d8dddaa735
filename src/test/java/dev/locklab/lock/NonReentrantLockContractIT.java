package dev.locklab.lock;

/** The lock contract for the {@code non-reentrant} backend: reentrant false, released by anyone false, lease true. */
class NonReentrantLockContractIT extends LockContract {
    NonReentrantLockContractIT() {
        super("non-reentrant", false, false, true);
    }
}
