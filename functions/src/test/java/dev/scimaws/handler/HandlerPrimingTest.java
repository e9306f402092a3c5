package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.priming.InMemoryDynamoDb;
import dev.scimaws.priming.Priming;
import dev.scimaws.testing.CallCounter;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Each handler primes itself the same way at a checkpoint and at a provisioned-concurrency init. */
class HandlerPrimingTest {

    /** Each handler built from a wiring, and its priming run by hand (as the CRaC checkpoint would). */
    enum Handler {
        USERS(UsersHandler::new, handler -> ((UsersHandler) handler).priming()),
        GROUPS(GroupsHandler::new, handler -> ((GroupsHandler) handler).priming()),
        DISCOVERY(DiscoveryHandler::new, handler -> ((DiscoveryHandler) handler).priming()),
        AUTHORIZER(TokenAuthorizerHandler::new, handler -> ((TokenAuthorizerHandler) handler).priming()),
        OAUTH_TOKEN(wiring -> new OAuthTokenHandler(wiring, java.time.Duration.ofHours(1)),
                handler -> ((OAuthTokenHandler) handler).priming());

        final Function<Wiring, Object> build;
        final Function<Object, Priming> priming;

        Handler(Function<Wiring, Object> build, Function<Object, Priming> priming) {
            this.build = build;
            this.priming = priming;
        }
    }

    /**
     * Priming from inside the constructor must do exactly what priming a finished handler does: a field
     * assigned after {@code Priming.register} would be null there and fail the primer part-way (caught
     * and logged, so asked of {@link Priming#completed()}).
     */
    @ParameterizedTest
    @EnumSource(Handler.class)
    void aProvisionedConcurrencyInitPrimesTheWholeHandlerAsTheCheckpointWould(Handler kind) {
        CallCounter onDemandCalls = new CallCounter();
        Object onDemand = kind.build.apply(wiring(onDemandCalls, "on-demand"));
        Priming checkpoint = kind.priming.apply(onDemand);
        assertThat(onDemandCalls.total()).as("on-demand init").isZero();
        assertThat(checkpoint.completed()).isFalse();
        checkpoint.beforeCheckpoint(null);
        assertThat(checkpoint.completed()).isTrue();
        Map<String, Long> checkpointReads = onDemandCalls.snapshot();
        assertThat(checkpointReads).as("the checkpoint's priming reads the table").isNotEmpty();

        CallCounter provisionedCalls = new CallCounter();
        Object provisioned = kind.build.apply(wiring(provisionedCalls, Priming.PROVISIONED_CONCURRENCY));
        assertThat(kind.priming.apply(provisioned).completed()).isTrue();
        assertThat(provisionedCalls.snapshot()).isEqualTo(checkpointReads);
    }

    private static Wiring wiring(CallCounter calls, String initializationType) {
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .httpClient(new InMemoryDynamoDb())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .endpointOverride(URI.create("http://priming-test.invalid"))
                .overrideConfiguration(config -> config.addExecutionInterceptor(calls))
                .build();
        return new Wiring(dynamo, "priming-test", Clock.systemUTC(), initializationType);
    }
}
