package dev.scimaws.scim.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An attribute path resolved against a {@link ResourceType}: which schema it belongs to, the attribute,
 * and the sub-attribute when the path has one ({@code name.givenName}, {@code emails.value}).
 *
 * @param extension whether the attribute lives in an extension schema, i.e. under the schema's URN key
 */
public record AttributeRef(Schema schema, boolean extension, Attribute attribute, Attribute subAttributeOrNull) {

    public Optional<Attribute> subAttribute() {
        return Optional.ofNullable(subAttributeOrNull);
    }

    /** The attribute the path names: the sub-attribute if there is one. */
    public Attribute target() {
        return subAttributeOrNull != null ? subAttributeOrNull : attribute;
    }

    /**
     * The keys leading to the value in a stored body, in canonical spelling:
     * {@code [name, givenName]}, or {@code [urn:...:enterprise:2.0:User, manager, value]}.
     */
    public List<String> storageKeys() {
        List<String> keys = new ArrayList<>(3);
        if (extension) {
            keys.add(schema.id());
        }
        keys.add(attribute.name());
        if (subAttributeOrNull != null) {
            keys.add(subAttributeOrNull.name());
        }
        return List.copyOf(keys);
    }

    /** The canonical path, URN-prefixed for extension attributes, without value filters. */
    public String path() {
        String local = attribute.name() + (subAttributeOrNull != null ? "." + subAttributeOrNull.name() : "");
        return extension ? schema.id() + ":" + local : local;
    }
}
