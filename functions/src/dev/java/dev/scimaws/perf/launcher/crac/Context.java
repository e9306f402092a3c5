package dev.scimaws.perf.launcher.crac;

/** The context type {@code org.crac}'s compatibility layer looks up reflectively: {@code register(Resource)}. */
public abstract class Context<R extends Resource> implements Resource {

    public abstract void register(R resource);
}
