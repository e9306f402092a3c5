package dev.scimaws.scim;

import dev.scimaws.scim.schema.InvalidSchemaException;
import dev.scimaws.scim.schema.Schema;
import dev.scimaws.scim.schema.SchemaDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Declaring, listing and removing a tenant's custom extension schemas (the operator's {@code schemas}
 * command). Extensions apply to the User resource type only.
 *
 * <p>Removing an extension deletes its declaration, never user data: stored values stay in each user
 * and are neither returned nor changed while the extension is undeclared, and reappear when it is
 * declared again. Replacing a declaration keeps stored values too; a value that no longer fits the new
 * definition is kept until a client changes it (see {@code ResourceValidator}).
 */
public final class ExtensionSchemas {

    /** Each Users request may load them all: ten documents of at most 32 KB fit one Query page. */
    public static final int MAX_PER_TENANT = 10;
    /** The tenant ids tokens are issued for. */
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ExtensionSchemaStore store;

    public ExtensionSchemas(ExtensionSchemaStore store) {
        this.store = store;
    }

    /** @param replaced whether a declaration with the same URN existed and was replaced */
    public record Declared(Schema schema, boolean replaced) {}

    /**
     * Parses and declares a schema document for the tenant.
     * @throws InvalidSchemaException when the document is malformed, collides with another of the tenant's
     *     extensions or would exceed {@link #MAX_PER_TENANT}
     */
    public Declared declare(String tenant, String document) throws InvalidSchemaException {
        requireTenant(tenant);
        Schema schema = SchemaDocument.parse(document);
        List<Schema> existing = store.load(tenant);
        boolean replaced = false;
        List<String> problems = new ArrayList<>();
        for (Schema other : existing) {
            if (other.id().equalsIgnoreCase(schema.id())) {
                replaced = true;
            } else if (SchemaDocument.overlap(schema.id(), other.id())) {
                problems.add("id: '" + schema.id() + "' overlaps the tenant's extension " + other.id()
                        + " (one URN followed by ':' starts the other, which makes attribute paths ambiguous)");
            }
        }
        if (!replaced && existing.size() >= MAX_PER_TENANT) {
            problems.add("the tenant already has " + existing.size() + " extensions; at most " + MAX_PER_TENANT
                    + " are accepted (remove one first)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSchemaException(problems);
        }
        store.put(tenant, schema);
        return new Declared(schema, replaced);
    }

    public List<Schema> list(String tenant) {
        requireTenant(tenant);
        return store.load(tenant);
    }

    /** @return false when the tenant has no extension with this URN */
    public boolean remove(String tenant, String urn) {
        requireTenant(tenant);
        return store.remove(tenant, urn);
    }

    private static void requireTenant(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
    }
}
