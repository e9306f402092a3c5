package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.scimaws.auth.TokenRecord;
import dev.scimaws.auth.Tokens;
import dev.scimaws.store.DynamoTokenStore;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.Events;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Expiry, rotation with an overlap, and the once-an-hour record of a token's last use, through the
 * authorizer Lambda runs, against the engine, on a clock the test moves.
 */
class TokenLifecycleIT {

    private static final Instant START = Instant.parse("2026-06-01T08:00:00Z");

    private static DynamoEngine engine;
    private static String table;
    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final CallCounter calls = new CallCounter();
    private Tokens tokens;
    private TokenAuthorizerHandler authorizer;

    @BeforeAll
    static void engine() {
        engine = DynamoEngine.get();
        table = engine.createTable("token-lifecycle-it");
    }

    @BeforeEach
    void wire() {
        DynamoDbClient dynamo = engine.client(calls);
        tokens = new Tokens(new DynamoTokenStore(dynamo, table), clock);
        authorizer = new TokenAuthorizerHandler(new Wiring(dynamo, table, clock));
    }

    @Test
    void anExpiredTokenIsRefusedFromItsExpiryOn() {
        Tokens.Issued issued = tokens.issue("expiry", "okta", null, START.plus(Duration.ofDays(90)));

        now.set(START.plus(Duration.ofDays(90)).minusMillis(1));
        assertThat(tenantOf(issued.token())).isEqualTo("expiry");

        now.set(START.plus(Duration.ofDays(90)));
        assertThatThrownBy(() -> tenantOf(issued.token())).hasMessage(TokenAuthorizerHandler.UNAUTHORIZED);
    }

    @Test
    void aTokenCannotBeIssuedAlreadyExpired() {
        assertThatThrownBy(() -> tokens.issue("expiry", "okta", null, START)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rotationKeepsBothTokensWorkingDuringTheOverlapThenOnlyTheNewOne() {
        Tokens.Issued old = tokens.issue("rotation", "okta production", null, START.plus(Duration.ofDays(90)));
        now.set(START.plus(Duration.ofDays(10)));
        Instant rotatedAt = now.get();

        Tokens.Rotation rotation = tokens.rotate("rotation", old.record().id(), Duration.ofHours(24), null).orElseThrow();

        assertThat(rotation.oldRevokedAt()).isEqualTo(rotatedAt.plus(Duration.ofHours(24)));
        TokenRecord replacement = rotation.replacement().record();
        assertThat(replacement.label()).isEqualTo("okta production");
        assertThat(replacement.expiresAt()).as("the old token's 90 days again").isEqualTo(rotatedAt.plus(Duration.ofDays(90)));

        now.set(rotatedAt.plus(Duration.ofHours(24)).minusMillis(1));
        assertThat(tenantOf(old.token())).isEqualTo("rotation");
        assertThat(tenantOf(rotation.replacement().token())).isEqualTo("rotation");

        now.set(rotatedAt.plus(Duration.ofHours(24)));
        assertThatThrownBy(() -> tenantOf(old.token())).hasMessage(TokenAuthorizerHandler.UNAUTHORIZED);
        assertThat(tenantOf(rotation.replacement().token())).isEqualTo("rotation");

        assertThat(tokens.list("rotation")).extracting(TokenRecord::id, TokenRecord::revokedAt).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(old.record().id(), rotatedAt.plus(Duration.ofHours(24))),
                org.assertj.core.groups.Tuple.tuple(replacement.id(), null));
    }

    /** With usage plans, a token without the tenant's API key is refused (403): the replacement must carry it. */
    @Test
    void theReplacementCarriesTheTenantsApiKeyThroughTheAuthorizer() {
        Tokens.Issued old = tokens.issue("rotation-key", "okta", "tenant-key-value", null);

        Tokens.Rotation rotation = tokens.rotate("rotation-key", old.record().id(), Duration.ofHours(1), null).orElseThrow();

        assertThat(rotation.replacement().record().apiKey()).isEqualTo("tenant-key-value");
        IamPolicyResponseV1 policy = authorizer.handleRequest(event(rotation.replacement().token()), null);
        assertThat(policy.getPrincipalId()).isEqualTo("rotation-key");
        assertThat(policy.getUsageIdentifierKey()).isEqualTo("tenant-key-value");
    }

    @Test
    void aRevokedOrExpiredTokenIsNotRotated() {
        Tokens.Issued revoked = tokens.issue("rotation-refused", "old");
        tokens.revoke("rotation-refused", revoked.record().id());

        assertThatThrownBy(() -> tokens.rotate("rotation-refused", revoked.record().id(), Duration.ofHours(1), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tokens.list("rotation-refused")).hasSize(1);
        assertThat(tokens.rotate("rotation-refused", "000000000000", Duration.ofHours(1), null)).isEmpty();
    }

    @Test
    void theLastUseIsRecordedAtMostOnceAnHourSoTheHotPathStaysOneRead() {
        Tokens.Issued issued = tokens.issue("last-used", "okta");
        calls.reset();

        tenantOf(issued.token());
        assertThat(calls.snapshot()).as("first use: the read and the one write").isEqualTo(Map.of("GetItem", 1L, "UpdateItem", 1L));
        assertThat(lastUsed("last-used")).isEqualTo(START);

        calls.reset();
        for (int minutes = 1; minutes < 60; minutes += 7) {
            now.set(START.plus(Duration.ofMinutes(minutes)));
            tenantOf(issued.token());
        }
        assertThat(calls.snapshot()).as("within the hour: reads only").isEqualTo(Map.of("GetItem", 9L));
        assertThat(lastUsed("last-used")).isEqualTo(START);

        calls.reset();
        now.set(START.plus(Duration.ofMinutes(61)));
        tenantOf(issued.token());
        assertThat(calls.snapshot()).isEqualTo(Map.of("GetItem", 1L, "UpdateItem", 1L));
        assertThat(lastUsed("last-used")).isEqualTo(START.plus(Duration.ofMinutes(61)));
    }

    @Test
    void twoEnvironmentsWithTheSameStaleReadRecordTheUseOnce() {
        Tokens.Issued issued = tokens.issue("last-used-race", "okta");
        TokenRecord stale = tokens.list("last-used-race").get(0);
        DynamoTokenStore store = new DynamoTokenStore(engine.client(), table);

        assertThat(store.recordUse(stale.hash(), START, START.minus(Tokens.LAST_USED_RESOLUTION))).isTrue();
        assertThat(store.recordUse(stale.hash(), START.plusSeconds(1), START.plusSeconds(1).minus(Tokens.LAST_USED_RESOLUTION)))
                .as("the second, with the same stale view, loses the condition").isFalse();
        assertThat(lastUsed("last-used-race")).isEqualTo(START);
        assertThat(issued.record().lastUsedAt()).isNull();
    }

    @Test
    void recordingAUseNeverCreatesAToken() {
        DynamoTokenStore store = new DynamoTokenStore(engine.client(), table);

        assertThat(store.recordUse(Tokens.sha256("never issued"), START, START.minusSeconds(3600))).isFalse();
        assertThat(store.findByHash(Tokens.sha256("never issued"))).isEmpty();
    }

    @Test
    void aFailingLastUseWriteNeverRefusesTheToken() {
        Tokens.Issued issued = tokens.issue("last-used-fails", "okta");
        DynamoDbClient failingWrites = engine.client(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if ("UpdateItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    throw new IllegalStateException("simulated: the write is throttled");
                }
            }
        });
        TokenAuthorizerHandler withFailingWrites = new TokenAuthorizerHandler(new Wiring(failingWrites, table, clock));

        IamPolicyResponseV1 policy = withFailingWrites.handleRequest(event(issued.token()), null);

        assertThat(policy.getPrincipalId()).isEqualTo("last-used-fails");
        assertThat(lastUsed("last-used-fails")).isNull();
    }

    private String tenantOf(String token) {
        return authorizer.handleRequest(event(token), null).getPrincipalId();
    }

    private static APIGatewayCustomAuthorizerEvent event(String token) {
        return Events.load("authorizer/allow.json", APIGatewayCustomAuthorizerEvent.class, Map.of("SCIM_TOKEN", token));
    }

    private Instant lastUsed(String tenant) {
        return tokens.list(tenant).get(0).lastUsedAt();
    }
}
