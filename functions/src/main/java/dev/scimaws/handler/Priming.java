package dev.scimaws.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
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
final class Priming implements Resource {

    /** No token maps to this tenant id (token tenants cannot contain '#'). */
    static final String TENANT = "#priming";

    private final Runnable primer;
    private volatile boolean completed;

    private Priming(Runnable primer) {
        this.primer = primer;
    }

    /** The {@link Wiring#initializationType()} of an environment Lambda initialises ahead of requests. */
    static final String PROVISIONED_CONCURRENCY = "provisioned-concurrency";

    /**
     * Registers the primer with the CRaC context. The context keeps resources weakly, so the caller
     * must hold the returned object for as long as the handler lives. Call it last in the handler's
     * constructor: an environment initialised for provisioned concurrency (which Lambda never
     * snapshots) primes right away, since no request waits on its init. On-demand environments do
     * not: a client waits on their init, and priming would lengthen it.
     */
    static Priming register(Runnable primer, String initializationType) {
        Priming priming = new Priming(primer);
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
            Log.error("priming", "Priming failed; continuing without it", e);
        }
    }

    /** Whether the primer has run to its end: a failure is only logged, so tests ask here. */
    boolean completed() {
        return completed;
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to re-create: the SDK's URLConnection client opens fresh connections as needed, and
        // random values (UUIDs, tokens) are drawn per request, never captured at init.
    }

    /**
     * Runs {@code scenario} with a wiring whose DynamoDB client is configured like the real one (region,
     * credentials, endpoint) but answered from memory ({@link InMemoryDynamoDb}): the paths that would write,
     * or that need an item to exist, are primed without a byte reaching the table.
     */
    static void inMemory(Wiring real, Consumer<Wiring> scenario) {
        DynamoDbServiceClientConfiguration config = real.dynamo().serviceClientConfiguration();
        var builder = DynamoDbClient.builder()
                .httpClient(new InMemoryDynamoDb())
                .region(config.region())
                .credentialsProvider(config.credentialsProvider());
        config.endpointOverride().ifPresent(builder::endpointOverride);
        try (DynamoDbClient memory = builder.build()) {
            scenario.accept(new Wiring(memory, real.tableName(), real.clock()));
        }
    }

    /** A proxy event as API Gateway sends it, for the priming tenant. */
    static APIGatewayProxyRequestEvent event(String method, String resource, String id, Map<String, String> query,
                                             String body) {
        String path = "/scim/v2/" + resource + (id == null ? "" : "/" + id);
        var requestContext = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withPath(path)
                .withStage("v2")
                .withRequestId("priming-" + UUID.randomUUID())
                .withHttpMethod(method);
        requestContext.setAuthorizer(new HashMap<>(Map.of(TokenAuthorizerHandler.TENANT_CONTEXT_KEY, TENANT)));
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withPath(path)
                .withPathParameters(id == null ? null : Map.of("id", id))
                .withQueryStringParameters(query)
                .withHeaders(Map.of("Host", "priming.invalid", "Content-Type", "application/scim+json"))
                .withBody(body)
                .withRequestContext(requestContext);
    }
}
