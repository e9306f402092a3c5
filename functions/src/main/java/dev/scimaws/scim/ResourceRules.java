package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.scim.schema.ResourceType;
import java.util.List;

/** The schema-driven write rules of one resource type, as the services need them. */
public interface ResourceRules {

    /**
     * The storable attributes of a create/replace body or a patched resource: read-only, unknown and
     * null input dropped, names canonical, types checked. {@code existing} is null on create; on replace
     * and PATCH its data under extensions the type does not declare (removed ones) is kept as it is.
     */
    ObjectNode sanitize(JsonNode input, ObjectNode existing) throws ScimException;

    /** The {@code schemas} a response carries: the core URN plus each extension with data. */
    List<String> schemasFor(ObjectNode body);

    /** Whether a single-valued attribute (top level, canonical name) is complex, for PATCH merge semantics. */
    boolean isSingleComplex(String attribute);

    /** The resource type these rules come from: its schemas name PATCH paths and drive projection. */
    ResourceType type();

    /**
     * A stored body as clients may see it: data under extensions the type does not declare is left out,
     * and extension keys are spelled as their schemas are.
     */
    ObjectNode visible(ObjectNode stored);
}
