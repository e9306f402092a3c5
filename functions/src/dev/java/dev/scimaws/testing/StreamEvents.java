package dev.scimaws.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** Stream records read from the engine -> the {@link DynamodbEvent} Lambda's event source mapping would send. */
public final class StreamEvents {

    private StreamEvents() {}

    public static DynamodbEvent of(List<Record> records) {
        List<DynamodbEvent.DynamodbStreamRecord> converted = new ArrayList<>(records.size());
        for (Record record : records) {
            DynamodbEvent.DynamodbStreamRecord lambda = new DynamodbEvent.DynamodbStreamRecord();
            lambda.setEventID(record.eventID());
            lambda.setEventName(record.eventNameAsString());
            lambda.setEventSource("aws:dynamodb");
            lambda.setEventVersion("1.1");
            StreamRecord stream = new StreamRecord();
            var source = record.dynamodb();
            stream.setSequenceNumber(source.sequenceNumber());
            if (source.streamViewTypeAsString() != null) {
                stream.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType
                        .fromValue(source.streamViewTypeAsString()));
            }
            if (source.approximateCreationDateTime() != null) {
                stream.setApproximateCreationDateTime(Date.from(source.approximateCreationDateTime()));
            }
            stream.setKeys(toLambda(source.keys()));
            stream.setNewImage(source.hasNewImage() ? toLambda(source.newImage()) : null);
            stream.setOldImage(source.hasOldImage() ? toLambda(source.oldImage()) : null);
            lambda.setDynamodb(stream);
            converted.add(lambda);
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(converted);
        return event;
    }

    private static Map<String, AttributeValue> toLambda(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> image) {
        Map<String, AttributeValue> lambda = new HashMap<>();
        image.forEach((name, value) -> lambda.put(name, toLambda(value)));
        return lambda;
    }

    private static AttributeValue toLambda(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        AttributeValue lambda = new AttributeValue();
        switch (value.type()) {
            case S -> lambda.setS(value.s());
            case N -> lambda.setN(value.n());
            case BOOL -> lambda.setBOOL(value.bool());
            case B -> lambda.setB(value.b().asByteBuffer());
            case SS -> lambda.setSS(value.ss());
            case NS -> lambda.setNS(value.ns());
            case M -> lambda.setM(toLambda(value.m()));
            case L -> lambda.setL(value.l().stream().map(StreamEvents::toLambda).toList());
            default -> lambda.setNULL(true);
        }
        return lambda;
    }
}
