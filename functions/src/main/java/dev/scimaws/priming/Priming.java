package dev.scimaws.priming;

import java.util.function.Consumer;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;

/**
 * SnapStart priming (and, for provisioned concurrency, priming at init): before the snapshot, run
 * representative requests through the handler so the classes of parsing, validation, serialisation,
 * error mapping and the DynamoDB client (one real call) are loaded and initialised in the snapshot.
 * Priming reads only; the tenant it uses owns no data.
 */
public final class Priming implements Resource {

    /** No token maps to this tenant id (token tenants cannot contain '#'). */
    public static final String TENANT = "#priming";

    private final Runnable primer;
    private final Consumer<RuntimeException> onFailure;
    private volatile boolean completed;

    private Priming(Runnable primer, Consumer<RuntimeException> onFailure) {
        this.primer = primer;
        this.onFailure = onFailure;
    }

    /** Lambda's {@code AWS_LAMBDA_INITIALIZATION_TYPE} of an environment it initialises ahead of requests. */
    public static final String PROVISIONED_CONCURRENCY = "provisioned-concurrency";

    /**
     * Registers the primer with the CRaC context. The context keeps resources weakly, so the caller
     * must hold the returned object for as long as the handler lives. Call it last in the handler's
     * constructor: an environment initialised for provisioned concurrency (which Lambda never
     * snapshots) primes right away, since no request waits on its init. On-demand environments do
     * not: a client waits on their init, and priming would lengthen it.
     *
     * @param onFailure told of a primer that threw; the init goes on without priming
     */
    public static Priming register(Runnable primer, String initializationType, Consumer<RuntimeException> onFailure) {
        Priming priming = new Priming(primer, onFailure);
        Core.getGlobalContext().register(priming);
        if (PROVISIONED_CONCURRENCY.equals(initializationType)) {
            priming.prime();
        }
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    private void prime() {
        try {
            primer.run();
            completed = true;
        } catch (RuntimeException e) {
            // A failed primer costs cold-start time, never correctness: the snapshot still works.
            onFailure.accept(e);
        }
    }

    /** Whether the primer has run to its end: a failure is only logged, so tests ask here. */
    public boolean completed() {
        return completed;
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to re-create: the SDK's URLConnection client opens fresh connections as needed, and
        // random values (UUIDs, tokens) are drawn per request, never captured at init.
    }

    /**
     * Runs {@code scenario} with a DynamoDB client configured like {@code real} (region, credentials,
     * endpoint) but answered from memory ({@link InMemoryDynamoDb}): the paths that would write, or that need
     * an item to exist, are primed without a byte reaching the table.
     */
    public static <T> T inMemory(DynamoDbClient real, Function<DynamoDbClient, T> scenario) {
        DynamoDbServiceClientConfiguration config = real.serviceClientConfiguration();
        var builder = DynamoDbClient.builder()
                .httpClient(new InMemoryDynamoDb())
                .region(config.region())
                .credentialsProvider(config.credentialsProvider());
        config.endpointOverride().ifPresent(builder::endpointOverride);
        try (DynamoDbClient memory = builder.build()) {
            return scenario.apply(memory);
        }
    }
}
