package dev.scimaws.scim.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import dev.scimaws.scim.ResourceStore.Position;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CursorsTest {

    private final String users = Cursors.fingerprint("User", null);

    @Test
    void aCursorRoundTripsToItsPosition() throws Exception {
        Position position = new Position(Instant.parse("2026-01-01T00:00:00.123Z"), "3f0e-id");
        String cursor = Cursors.after(users, position);
        assertThat(cursor).doesNotContain("3f0e-id").matches("[A-Za-z0-9_-]+");
        assertThat(Cursors.decode(cursor, users).position()).isEqualTo(position);
        assertThat(Cursors.decode(Cursors.offset(users, 7), users).offset()).isEqualTo(7);
        assertThat(Cursors.decode("", users)).isEqualTo(new Cursors.Target(null, 0));
    }

    @Test
    void aCursorOfAnotherQueryOrAnEditedOneIsInvalid() {
        String cursor = Cursors.after(users, new Position(Instant.EPOCH, "id"));
        for (String bad : new String[] {"!!", "abc", cursor.substring(0, cursor.length() - 2), "x".repeat(600)}) {
            assertThatThrownBy(() -> Cursors.decode(bad, users)).isInstanceOf(BadRequestException.class)
                    .extracting(e -> ((BadRequestException) e).getScimError().getScimType()).isEqualTo("invalidCursor");
        }
        assertThatThrownBy(() -> Cursors.decode(cursor, Cursors.fingerprint("User", "userName sw \"a\"")))
                .hasMessageContaining("another query");
        assertThatThrownBy(() -> Cursors.decode(cursor, Cursors.fingerprint("Group", null)))
                .hasMessageContaining("another query");
    }
}
