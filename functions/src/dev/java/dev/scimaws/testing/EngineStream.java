package dev.scimaws.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's DynamoDB stream on the engine the way Lambda's event source mapping does: every shard
 * from its oldest record, in order, each record once. Not thread-safe: one reader polls.
 */
public final class EngineStream implements AutoCloseable {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    /** Shard id -> the iterator to read on with; null once a closed shard is read to its end. */
    private final Map<String, String> iterators = new LinkedHashMap<>();

    private EngineStream(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
    }

    /** The stream of {@code table}, read from its oldest record. */
    public static EngineStream open(DynamoEngine engine, DynamoDbClient dynamo, String table) {
        String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        if (arn == null) {
            throw new IllegalStateException("Table " + table + " has no stream: it was made before streams were enabled. "
                    + "Delete it (or the local data file) and start again.");
        }
        return new EngineStream(engine.streamsClient(), arn);
    }

    /** Every record written since the last poll, shard by shard in shard order. */
    public List<Record> poll() {
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            iterators.computeIfAbsent(shard.shardId(), id -> streams.getShardIterator(b -> b.streamArn(streamArn)
                    .shardId(id).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        List<Record> records = new ArrayList<>();
        for (Map.Entry<String, String> shard : iterators.entrySet()) {
            String iterator = shard.getValue();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current));
                records.addAll(response.records());
                iterator = response.nextShardIterator();
                if (response.records().isEmpty()) {
                    break;
                }
            }
            shard.setValue(iterator);
        }
        return records;
    }

    @Override
    public void close() {
        streams.close();
    }
}
