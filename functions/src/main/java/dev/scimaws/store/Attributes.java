package dev.scimaws.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

final class Attributes {

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** DynamoDB's largest item: 400 KB, names and values counted. */
    static final int MAX_ITEM_BYTES = 400 * 1024;

    /** An item's size as DynamoDB counts it for strings and numbers: UTF-8 bytes of names and values. */
    static long itemSize(java.util.Map<String, AttributeValue> item) {
        long size = 0;
        for (var entry : item.entrySet()) {
            size += utf8(entry.getKey());
            AttributeValue value = entry.getValue();
            size += value.s() != null ? utf8(value.s()) : value.n() != null ? value.n().length() + 1 : 100;
        }
        return size;
    }

    private static long utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private Attributes() {}
}
