package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.scim.schema.Attribute;
import dev.scimaws.scim.schema.ResourceType;
import dev.scimaws.scim.schema.ResourceValidator;
import java.util.List;

/**
 * {@link ResourceRules} from a {@link ResourceType}'s schemas: the same definitions the discovery
 * endpoints publish validate every write. Write-only values (the password) are dropped here: this
 * service does not keep passwords, in clear or hashed.
 */
public final class SchemaResourceRules implements ResourceRules {

    private final ResourceType type;
    private final ResourceValidator validator = new ResourceValidator();

    public SchemaResourceRules(ResourceType type) {
        this.type = type;
    }

    @Override
    public ResourceType type() {
        return type;
    }

    @Override
    public ObjectNode sanitize(JsonNode input, ObjectNode existing) throws ScimException {
        return validator.sanitize(input, type, existing).body();
    }

    @Override
    public List<String> schemasFor(ObjectNode body) {
        return validator.schemasFor(body, type);
    }

    @Override
    public boolean isSingleComplex(String attribute) {
        return type.find(attribute)
                .filter(a -> a.type() == Attribute.Type.COMPLEX && !a.multiValued())
                .isPresent();
    }

    @Override
    public ObjectNode visible(ObjectNode stored) {
        return validator.visible(stored, type);
    }
}
