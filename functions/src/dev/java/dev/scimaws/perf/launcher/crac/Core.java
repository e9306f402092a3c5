package dev.scimaws.perf.launcher.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the CRaC implementation the Lambda runtime provides: it keeps the registered resources
 * and, on {@link #checkpointRestore()}, calls every {@code beforeCheckpoint} (last registered first, as
 * CRaC does) and then every {@code afterRestore}. No process is snapshotted: the benchmark only needs the
 * hooks to run through the same {@code org.crac} path they take in Lambda.
 */
public final class Core {

    private static final GlobalContext GLOBAL = new GlobalContext();

    private Core() {}

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        try {
            GLOBAL.beforeCheckpoint(GLOBAL);
        } catch (Exception e) {
            CheckpointException failure = new CheckpointException();
            failure.addSuppressed(e);
            throw failure;
        }
        try {
            GLOBAL.afterRestore(GLOBAL);
        } catch (Exception e) {
            RestoreException failure = new RestoreException();
            failure.addSuppressed(e);
            throw failure;
        }
    }

    /** How many resources were registered (the launcher checks that each handler registered its primer). */
    public static int registered() {
        return GLOBAL.size();
    }

    private static final class GlobalContext extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        synchronized int size() {
            return resources.size();
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            List<Resource> snapshot;
            synchronized (this) {
                snapshot = new ArrayList<>(resources);
            }
            for (int i = snapshot.size() - 1; i >= 0; i--) {
                snapshot.get(i).beforeCheckpoint(this);
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws Exception {
            List<Resource> snapshot;
            synchronized (this) {
                snapshot = new ArrayList<>(resources);
            }
            for (Resource resource : snapshot) {
                resource.afterRestore(this);
            }
        }
    }
}
