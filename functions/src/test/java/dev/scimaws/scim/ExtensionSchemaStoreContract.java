package dev.scimaws.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.scim.schema.Schema;
import dev.scimaws.scim.schema.SchemaDocument;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExtensionSchemaStore} promises, for the fake ({@code InMemoryExtensionSchemaStoreTest})
 * and the DynamoDB store on the engine ({@code DynamoExtensionSchemaStoreIT}).
 */
public abstract class ExtensionSchemaStoreContract {

    protected final String tenant = "schemas-" + UUID.randomUUID().toString().substring(0, 8);

    protected abstract ExtensionSchemaStore schemas();

    protected static Schema schema(String urn, String attribute) throws Exception {
        return SchemaDocument.parse("{\"id\":\"" + urn + "\",\"name\":\"" + attribute + "\",\"attributes\":["
                + "{\"name\":\"" + attribute + "\",\"type\":\"string\"}]}");
    }

    @Test
    void schemasLoadInUrnOrderIgnoringCase() throws Exception {
        Schema zed = schema("urn:example:Zed:User", "z");
        Schema alpha = schema("urn:example:alpha:User", "a");
        schemas().put(tenant, zed);
        schemas().put(tenant, alpha);

        assertThat(schemas().load(tenant)).containsExactly(alpha, zed);
        assertThat(schemas().load(tenant + "-other")).isEmpty();
    }

    @Test
    void aPutOfTheSameUrnInAnotherCaseReplacesTheSchema() throws Exception {
        schemas().put(tenant, schema("urn:example:acme:User", "first"));
        Schema second = schema("urn:EXAMPLE:ACME:User", "second");
        schemas().put(tenant, second);

        assertThat(schemas().load(tenant)).containsExactly(second);
    }

    @Test
    void removeSaysWhetherThereWasOneAndOnlyInItsTenant() throws Exception {
        schemas().put(tenant, schema("urn:example:gone:User", "g"));

        assertThat(schemas().remove(tenant + "-other", "urn:example:gone:User")).isFalse();
        assertThat(schemas().remove(tenant, "urn:example:GONE:User")).isTrue();
        assertThat(schemas().remove(tenant, "urn:example:gone:User")).isFalse();
        assertThat(schemas().load(tenant)).isEmpty();
    }
}
