package dev.scimaws.handler;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/** Lambda's stream image attribute values -> the SDK's, which the store reads. */
final class StreamImages {

    private StreamImages() {}

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(Map<String, AttributeValue> image) {
        if (image == null) {
            return null;
        }
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sdk = new HashMap<>();
        image.forEach((name, value) -> sdk.put(name, toSdk(value)));
        return sdk;
    }

    static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(AttributeValue value) {
        var builder = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        if (value.getS() != null) {
            builder.s(value.getS());
        } else if (value.getN() != null) {
            builder.n(value.getN());
        } else if (value.getBOOL() != null) {
            builder.bool(value.getBOOL());
        } else if (value.getB() != null) {
            builder.b(SdkBytes.fromByteBuffer(value.getB()));
        } else if (value.getSS() != null) {
            builder.ss(value.getSS());
        } else if (value.getNS() != null) {
            builder.ns(value.getNS());
        } else if (value.getM() != null) {
            builder.m(toSdk(value.getM()));
        } else if (value.getL() != null) {
            List<software.amazon.awssdk.services.dynamodb.model.AttributeValue> list = new ArrayList<>();
            value.getL().forEach(element -> list.add(toSdk(element)));
            builder.l(list);
        } else {
            builder.nul(true);
        }
        return builder.build();
    }
}
