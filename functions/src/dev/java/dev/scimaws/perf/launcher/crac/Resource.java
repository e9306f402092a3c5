package dev.scimaws.perf.launcher.crac;

/**
 * A CRaC resource as {@code org.crac} expects of an implementation named by the system property
 * {@code org.crac.Core.Compat}: the Lambda Java runtime names its own package there; the benchmark names
 * this one, so the handlers' {@code org.crac} registrations reach the launcher exactly as they reach Lambda.
 */
public interface Resource {

    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
