package dev.scimaws.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.events.TableItem;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Only users, groups, memberships and tombstones are items the events know; every other key shape is not. */
class StreamItemsTest {

    private static Map<String, AttributeValue> item(String pk, String sk) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", AttributeValue.fromS(pk));
        item.put("SK", AttributeValue.fromS(sk));
        item.put("doc", AttributeValue.fromS("{\"userName\":\"a\"}"));
        item.put("ver", AttributeValue.fromN("1"));
        item.put("modified", AttributeValue.fromS("2026-12-01T09:00:00Z"));
        item.put("reason", AttributeValue.fromS("DELETE"));
        item.put("deletedAt", AttributeValue.fromS("2026-12-01T09:00:00Z"));
        return item;
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
            "T#acme#UN#alice@example.com, UN",   // userName lock
            "T#acme#GN#engineering, GN",         // displayName lock
            "T#acme#GN#engineering, GN#g1",      // a group's displayName record (names may be shared)
            "K#C#scimaws-client-abc, C",         // OAuth client
            "T#acme#CUR#USER#101, CUR",          // paging cursor
            "T#acme#SCHEMAS, X#urn:acme:user",   // custom extension schema
            "T#acme#U#u1, PURGING",              // the purge's progress marker
            "K#0123456789abcdef, K",             // token
            "T#acme#COUNT#USER, COUNT",          // a counter, or any item kind added later
            "T#acme#U#u1, COUNT",
            "T#acme#G#g1, CURSOR",
            "T#acme#U#u1#x, U",
    })
    void internalItemsAreNotTableItems(String pk, String sk) {
        assertThat(StreamItems.read(item(pk, sk))).isNull();
    }

    @Test
    void usersGroupsMembershipsAndTombstonesAreRecognised() {
        assertThat(StreamItems.read(item("T#acme#U#u1", "U"))).isInstanceOf(TableItem.Resource.class);
        assertThat(StreamItems.read(item("T#acme#G#g1", "G"))).isInstanceOf(TableItem.Resource.class);
        assertThat(StreamItems.read(item("T#acme#G#g1", "M#u1"))).isEqualTo(new TableItem.Membership("acme", "g1", "u1", null));
        assertThat(StreamItems.read(item("T#acme#U#u1", "DEL"))).isInstanceOf(TableItem.Tombstone.class);
        assertThat(StreamItems.read(null)).isNull();
    }
}
