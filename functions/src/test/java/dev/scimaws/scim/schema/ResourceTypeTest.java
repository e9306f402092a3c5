package dev.scimaws.scim.schema;

import static dev.scimaws.scim.schema.CoreSchemas.ENTERPRISE_USER_URN;
import static dev.scimaws.scim.schema.CoreSchemas.GROUP_TYPE;
import static dev.scimaws.scim.schema.CoreSchemas.USER_TYPE;
import static dev.scimaws.scim.schema.CoreSchemas.USER_URN;
import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.scim2.common.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTypeTest {

    @Test
    void findsAttributesAndSubAttributesIgnoringCase() {
        assertThat(USER_TYPE.find("USERNAME")).get().extracting(Attribute::name).isEqualTo("userName");
        assertThat(USER_TYPE.find("name.GIVENNAME")).get().extracting(Attribute::name).isEqualTo("givenName");
        assertThat(USER_TYPE.find("emails.value")).get().extracting(Attribute::name).isEqualTo("value");
        assertThat(USER_TYPE.find("emails[type eq \"work\"].value")).get().extracting(Attribute::name).isEqualTo("value");
        assertThat(USER_TYPE.resolve("emails[value ew \".org]\"].display").orElseThrow().path()).isEqualTo("emails.display");
        assertThat(USER_TYPE.find("meta.lastModified")).isPresent();
        assertThat(GROUP_TYPE.find("members.value")).isPresent();
    }

    @Test
    void findsUrnPrefixedAttributes() {
        AttributeRef manager = USER_TYPE.resolve(ENTERPRISE_USER_URN.toLowerCase() + ":MANAGER.value").orElseThrow();
        assertThat(manager.extension()).isTrue();
        assertThat(manager.storageKeys()).containsExactly(ENTERPRISE_USER_URN, "manager", "value");
        assertThat(manager.path()).isEqualTo(ENTERPRISE_USER_URN + ":manager.value");

        AttributeRef userName = USER_TYPE.resolve(USER_URN + ":userName").orElseThrow();
        assertThat(userName.extension()).isFalse();
        assertThat(userName.storageKeys()).containsExactly("userName");
    }

    @Test
    void unknownPathsAreEmpty() {
        assertThat(USER_TYPE.find("favouriteColour")).isEmpty();
        assertThat(USER_TYPE.find("name.nickName")).isEmpty();
        assertThat(USER_TYPE.find("name.givenName.x")).isEmpty();
        assertThat(USER_TYPE.find(ENTERPRISE_USER_URN)).isEmpty();
        assertThat(USER_TYPE.find("urn:example:other:2.0:User:employeeNumber")).isEmpty();
        assertThat(USER_TYPE.find("emails[type eq \"work\"")).isEmpty();
        assertThat(GROUP_TYPE.find("userName")).isEmpty();
    }

    @Test
    void resolvesSdkPaths() throws Exception {
        assertThat(USER_TYPE.resolve(Path.fromString("emails[type eq \"work\"].value")).orElseThrow().path())
                .isEqualTo("emails.value");
        assertThat(USER_TYPE.resolve(Path.fromString(ENTERPRISE_USER_URN + ":manager.value")).orElseThrow().path())
                .isEqualTo(ENTERPRISE_USER_URN + ":manager.value");
        // The SDK reads a bare schema URN as an attribute "User" of "urn:...:2.0"; that is no attribute.
        assertThat(USER_TYPE.resolve(Path.fromString(ENTERPRISE_USER_URN))).isEmpty();
    }

    @Test
    void caseExactness() {
        assertThat(USER_TYPE.isCaseExact("id")).isTrue();
        assertThat(USER_TYPE.isCaseExact("externalId")).isTrue();
        assertThat(USER_TYPE.isCaseExact("userName")).isFalse();
        assertThat(USER_TYPE.isCaseExact("emails.value")).isFalse();
        assertThat(USER_TYPE.isCaseExact("unknown")).isFalse();
    }

    @Test
    void tenantExtensionsAreMoreSchemas() {
        Schema acme = new Schema("urn:ietf:params:scim:schemas:extension:acme:2.0:User", "Acme", "",
                List.of(Attribute.string("badgeNumber").asCaseExact()));
        ResourceType type = USER_TYPE.withExtensions(List.of(acme));
        assertThat(type.schemas()).extracting(Schema::id)
                .containsExactly(USER_URN, ENTERPRISE_USER_URN, acme.id());
        assertThat(type.isCaseExact(acme.id() + ":badgeNumber")).isTrue();
        assertThat(USER_TYPE.find(acme.id() + ":badgeNumber")).isEmpty();
    }
}
