package dev.scimaws.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TokenStore} promises, through {@link Tokens} as the admin command and the authorizer use
 * it: on the priming in-memory table the authorizer primes with ({@code PrimingTokenStoreTest}) and on the
 * engine ({@code DynamoTokenStoreIT}).
 */
public abstract class TokenStoreContract {

    private final String tenant = "tokens-" + UUID.randomUUID().toString().substring(0, 8);
    private final Tokens tokens = new Tokens(store(), Clock.fixed(Instant.parse("2026-04-01T12:00:00Z"), ZoneOffset.UTC));

    protected abstract TokenStore store();

    @Test
    void anIssuedTokenIsFoundByItsHashOnlyAndNamesItsTenant() {
        Tokens.Issued issued = tokens.issue(tenant, "okta");

        assertThat(tokens.tenantFor(issued.token())).contains(tenant);
        assertThat(store().findByHash(Tokens.sha256(issued.token()))).hasValueSatisfying(record -> {
            assertThat(record.tenant()).isEqualTo(tenant);
            assertThat(record.label()).isEqualTo("okta");
            assertThat(record.isActive()).isTrue();
        });
        assertThat(tokens.tenantFor(issued.token() + "x")).isEmpty();
    }

    @Test
    void tokensAreListedPerTenant() {
        Tokens.Issued first = tokens.issue(tenant, "first");
        Tokens.Issued second = tokens.issue(tenant, "second");
        tokens.issue(tenant + "-other", "elsewhere");

        assertThat(tokens.list(tenant)).extracting(TokenRecord::id)
                .containsExactlyInAnyOrder(first.record().id(), second.record().id());
    }

    @Test
    void onlyTheOwningTenantRevokesAndARevokedTokenAuthorisesNothing() {
        Tokens.Issued issued = tokens.issue(tenant, "revoked");

        assertThat(tokens.revoke(tenant + "-other", issued.record().id())).isFalse();
        assertThat(store().revoke(tenant + "-other", Tokens.sha256(issued.token()), Instant.parse("2026-04-02T00:00:00Z")))
                .as("the store itself refuses another tenant's revoke").isFalse();
        assertThat(tokens.tenantFor(issued.token())).contains(tenant);
        assertThat(tokens.revoke(tenant, issued.record().id())).isTrue();
        assertThat(tokens.tenantFor(issued.token())).isEmpty();
    }
}
