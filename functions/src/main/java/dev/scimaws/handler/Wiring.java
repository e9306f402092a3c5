package dev.scimaws.handler;

import dev.scimaws.store.DynamoCalls;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * What every handler needs from its execution environment. The no-argument handler constructors call
 * {@link #fromEnvironment()} once per execution environment; tests and the local API pass their own.
 *
 * @param initializationType how Lambda initialises this environment ({@value #INITIALIZATION_TYPE_ENV}:
 *     {@code on-demand}, {@code provisioned-concurrency} or {@code snap-start}); null outside Lambda
 */
public record Wiring(DynamoDbClient dynamo, String tableName, Clock clock, String initializationType) {

    /** Name of the single table. */
    public static final String TABLE_ENV = "SCIM_TABLE";
    /** Optional endpoint override (a local engine, LocalStack); unset in AWS. */
    public static final String ENDPOINT_ENV = "SCIM_DYNAMODB_ENDPOINT";
    /** Set by Lambda in every execution environment. */
    public static final String INITIALIZATION_TYPE_ENV = "AWS_LAMBDA_INITIALIZATION_TYPE";

    public Wiring {
        Objects.requireNonNull(dynamo, "dynamo");
        Objects.requireNonNull(clock, "clock");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalStateException("The table name is not configured: set " + TABLE_ENV);
        }
    }

    /** Outside Lambda: tests, the local API, the admin commands. */
    public Wiring(DynamoDbClient dynamo, String tableName, Clock clock) {
        this(dynamo, tableName, clock, null);
    }

    public static Wiring fromEnvironment() {
        return new Wiring(dynamoClient(System.getenv(ENDPOINT_ENV)), System.getenv(TABLE_ENV), Clock.systemUTC(),
                System.getenv(INITIALIZATION_TYPE_ENV));
    }

    /**
     * Region and credentials come from the SDK's default provider chains (SnapStart-safe: the chain
     * resolves credentials again after restore), with the URLConnection HTTP client, the only one on
     * the classpath. Timeouts, retries and the translation of overload into domain errors: {@link DynamoCalls}.
     */
    public static DynamoDbClient dynamoClient(String endpointOverride) {
        return dynamoClient(endpointOverride, builder -> {});
    }

    /** As {@link #dynamoClient(String)}, with {@code adjust} applied last (tests: region, credentials). */
    public static DynamoDbClient dynamoClient(String endpointOverride, Consumer<DynamoDbClientBuilder> adjust) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(DynamoCalls.ATTEMPT_TIMEOUT)
                        .socketTimeout(DynamoCalls.ATTEMPT_TIMEOUT)
                        .build())
                .overrideConfiguration(DynamoCalls.overrideConfiguration());
        if (endpointOverride != null && !endpointOverride.isBlank()) {
            builder.endpointOverride(URI.create(endpointOverride));
        }
        adjust.accept(builder);
        return DynamoCalls.translating(builder.build());
    }
}
