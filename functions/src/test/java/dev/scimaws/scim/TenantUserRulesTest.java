package dev.scimaws.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scimaws.scim.schema.Attribute;
import dev.scimaws.scim.schema.CoreSchemas;
import dev.scimaws.scim.schema.Schema;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TenantUserRulesTest {

    private static final Schema ACME = new Schema("urn:ietf:params:scim:schemas:extension:acme:2.0:User", "Acme", "",
            List.of(Attribute.string("costCenter")));

    private final InMemoryExtensionSchemaStore store = new InMemoryExtensionSchemaStore();
    private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(10).toNanos());
    private final TenantUserRules rules = new TenantUserRules(store, Duration.ofSeconds(30), nanos::get);

    @Test
    void aTenantWithoutExtensionsGetsTheCoreUserType() {
        assertThat(rules.forTenant("plain").type()).isEqualTo(CoreSchemas.USER_TYPE);
    }

    @Test
    void aTenantsExtensionsAreAddedAfterTheEnterpriseOne() {
        store.put("acme", ACME);
        assertThat(rules.forTenant("acme").type().schemas()).extracting(Schema::id)
                .containsExactly(CoreSchemas.USER_URN, CoreSchemas.ENTERPRISE_USER_URN, ACME.id());
        assertThat(rules.forTenant("other").type().extensions()).extracting(Schema::id)
                .containsExactly(CoreSchemas.ENTERPRISE_USER_URN);
    }

    @Test
    void loadsOncePerTenantUntilTheEntryExpiresEvenAcrossNanoTimeOverflow() {
        rules.forTenant("acme");
        store.put("acme", ACME);
        assertThat(rules.forTenant("acme").type().schema(ACME.id())).as("stale within the TTL").isEmpty();
        rules.forTenant("other");
        assertThat(store.loads()).isEqualTo(2);
        nanos.addAndGet(Duration.ofSeconds(29).toNanos()); // wraps past Long.MAX_VALUE
        assertThat(rules.forTenant("acme").type().schema(ACME.id())).isEmpty();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(rules.forTenant("acme").type().schema(ACME.id())).isPresent();
        assertThat(store.loads()).isEqualTo(3);
    }

    @Test
    void aZeroLifetimeReadsEveryTime() {
        TenantUserRules uncached = new TenantUserRules(store, Duration.ZERO, nanos::get);
        uncached.forTenant("acme");
        uncached.forTenant("acme");
        assertThat(store.loads()).isEqualTo(2);
    }

    @Test
    void aFailedLoadIsNotCached() {
        ExtensionSchemaStore failing = new ExtensionSchemaStore() {
            int calls;

            @Override
            public List<Schema> load(String tenant) {
                if (calls++ == 0) {
                    throw new IllegalStateException("throttled");
                }
                return List.of(ACME);
            }

            @Override
            public void put(String tenant, Schema schema) {}

            @Override
            public boolean remove(String tenant, String urn) {
                return false;
            }
        };
        TenantUserRules flaky = new TenantUserRules(failing, Duration.ofSeconds(30), nanos::get);
        assertThatThrownBy(() -> flaky.forTenant("acme")).hasMessage("throttled");
        assertThat(flaky.forTenant("acme").type().schema(ACME.id())).isPresent();
    }
}
