package dev.scimaws.infra;

import dev.scimaws.store.TableDefinition;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The single table, built from {@link TableDefinition} (the same description the test harness and the
 * local API use), so the deployed keys and indexes cannot drift from what the code queries.
 */
public final class ScimTable extends Construct {

    private final Table table;

    public ScimTable(Construct scope, String id, ScimSettings settings) {
        super(scope, id);
        RemovalPolicy removal = settings.protectData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        Table.Builder builder = Table.Builder.create(this, "Table")
                .partitionKey(stringKey(TableDefinition.PARTITION_KEY))
                .sortKey(stringKey(TableDefinition.SORT_KEY))
                .timeToLiveAttribute(TableDefinition.TIME_TO_LIVE_ATTRIBUTE)
                .stream(StreamViewType.valueOf(TableDefinition.STREAM_VIEW_TYPE))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(settings.protectData())
                .removalPolicy(removal);

        if (settings.tableEncryption() == ScimSettings.TableEncryptionChoice.CUSTOMER_MANAGED) {
            Key key = Key.Builder.create(this, "Key")
                    .description("Encrypts the SCIM table at rest")
                    .enableKeyRotation(true)
                    // the key outlives the table it protects: without it, a retained table and its backups are unreadable
                    .removalPolicy(removal)
                    .build();
            builder.encryption(TableEncryption.CUSTOMER_MANAGED).encryptionKey(key);
        } else {
            builder.encryption(TableEncryption.DEFAULT);
        }
        table = builder.build();

        for (TableDefinition.Index index : TableDefinition.INDEXES) {
            table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(stringKey(index.partitionKey()))
                    .sortKey(stringKey(index.sortKey()))
                    .projectionType(projection(index.projection()))
                    .build());
        }
    }

    public Table table() {
        return table;
    }

    private static Attribute stringKey(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    private static ProjectionType projection(TableDefinition.Projection projection) {
        return switch (projection) {
            case ALL -> ProjectionType.ALL;
            case KEYS_ONLY -> ProjectionType.KEYS_ONLY;
        };
    }
}
