package dev.scimaws.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

final class Attributes {

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private Attributes() {}
}
