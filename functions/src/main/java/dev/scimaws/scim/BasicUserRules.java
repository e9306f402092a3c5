package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Interim user rules until the schema-driven validator is wired in. */
public final class BasicUserRules implements ResourceRules {

    private static final Set<String> READ_ONLY = Set.of("id", "meta", "schemas", "groups", "password");
    static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    @Override
    public ObjectNode sanitize(JsonNode input, ObjectNode existing) throws ScimException {
        if (!input.isObject()) {
            throw BadRequestException.invalidSyntax("A user must be a JSON object.");
        }
        ObjectNode body = Json.object();
        input.properties().forEach(e -> {
            if (!READ_ONLY.contains(e.getKey()) && !e.getValue().isNull()) {
                body.set(e.getKey(), e.getValue());
            }
        });
        JsonNode userName = body.get("userName");
        if (userName == null || !userName.isTextual() || userName.textValue().isBlank()) {
            throw BadRequestException.invalidValue("'userName' is required and must be a non-empty string.");
        }
        JsonNode active = body.get("active");
        if (active != null && active.isTextual()) {
            body.put("active", Boolean.parseBoolean(active.textValue()));
        } else if (active != null && !active.isBoolean()) {
            throw BadRequestException.invalidValue("'active' must be a boolean.");
        }
        return body;
    }

    @Override
    public List<String> schemasFor(ObjectNode body) {
        List<String> schemas = new ArrayList<>(List.of(CORE));
        if (body.has(ENTERPRISE)) {
            schemas.add(ENTERPRISE);
        }
        return schemas;
    }

    @Override
    public boolean isSingleComplex(String attribute) {
        return attribute.equalsIgnoreCase("name");
    }
}
