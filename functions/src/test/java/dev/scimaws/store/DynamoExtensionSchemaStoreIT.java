package dev.scimaws.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scimaws.scim.ExtensionSchemaStore;
import dev.scimaws.scim.ExtensionSchemaStoreContract;
import dev.scimaws.scim.schema.Schema;
import dev.scimaws.scim.schema.SchemaDocument;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The schema store against the engine: the item layout, one Query per load, case-insensitive URNs. */
class DynamoExtensionSchemaStoreIT extends ExtensionSchemaStoreContract {

    @Override
    protected ExtensionSchemaStore schemas() {
        return store;
    }

    private static final String ACME_URN = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
    private static final CallCounter calls = new CallCounter();
    private static DynamoDbClient dynamo;
    private static String table;
    private static DynamoExtensionSchemaStore store;

    @BeforeAll
    static void table() {
        DynamoEngine engine = DynamoEngine.get();
        table = engine.createTable("schemas-it");
        dynamo = engine.client(calls);
        store = new DynamoExtensionSchemaStore(dynamo, table, Clock.systemUTC());
    }

    @BeforeEach
    void resetCounts() {
        calls.reset();
    }

    private static Schema fullSchema(String urn, String attribute) throws Exception {
        return SchemaDocument.parse("{\"id\":\"" + urn + "\",\"name\":\"" + attribute + "\",\"attributes\":["
                + "{\"name\":\"" + attribute + "\",\"type\":\"string\",\"returned\":\"request\"},"
                + "{\"name\":\"building\",\"type\":\"complex\",\"multiValued\":true,\"subAttributes\":["
                + "{\"name\":\"code\",\"type\":\"string\",\"required\":true}]}]}");
    }

    @Test
    void declaredSchemasReadBackWithOneQueryInUrnOrder() throws Exception {
        Schema acme = fullSchema(ACME_URN, "costCenter");
        Schema beta = fullSchema("urn:example:beta:User", "level");
        store.put("t-order", acme);
        store.put("t-order", beta);
        calls.reset();
        assertThat(store.load("t-order")).containsExactly(beta, acme);
        assertThat(calls.snapshot()).isEqualTo(Map.of("Query", 1L));
    }

    @Test
    void theItemHoldsTheSchemaDocumentUnderTheTenantsSchemaPartition() throws Exception {
        store.put("t-item", fullSchema(ACME_URN, "costCenter"));
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("PK", AttributeValue.fromS("T#t-item#SCHEMAS"),
                        "SK", AttributeValue.fromS("X#" + ACME_URN.toLowerCase())))).item();
        assertThat(item.get("urn").s()).isEqualTo(ACME_URN);
        assertThat(SchemaDocument.parse(item.get("doc").s())).isEqualTo(fullSchema(ACME_URN, "costCenter"));
        assertThat(item.get("updated").s()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void aUrnInOtherCaseReplacesAndRemoves() throws Exception {
        store.put("t-case", fullSchema(ACME_URN, "costCenter"));
        store.put("t-case", fullSchema(ACME_URN.toUpperCase().replace("URN:", "urn:"), "badgeNumber"));
        assertThat(store.load("t-case")).extracting(s -> s.attributes().get(0).name()).containsExactly("badgeNumber");
        assertThat(store.remove("t-case", ACME_URN)).isTrue();
        assertThat(store.remove("t-case", ACME_URN)).isFalse();
        assertThat(store.load("t-case")).isEmpty();
    }

    @Test
    void tenantsAreIsolated() throws Exception {
        store.put("t-one", fullSchema(ACME_URN, "costCenter"));
        assertThat(store.load("t-two")).isEmpty();
        assertThat(store.remove("t-two", ACME_URN)).isFalse();
        assertThat(store.load("t-one")).hasSize(1);
    }

    @Test
    void aStoredDocumentThatNoLongerParsesFailsLoudly() {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                "PK", AttributeValue.fromS("T#t-broken#SCHEMAS"), "SK", AttributeValue.fromS("X#urn:example:broken"),
                "urn", AttributeValue.fromS("urn:example:broken"), "doc", AttributeValue.fromS("{\"id\":\"urn:example:broken\"}"))));
        assertThatThrownBy(() -> store.load("t-broken"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("t-broken").hasMessageContaining("attributes: is required");
    }
}
