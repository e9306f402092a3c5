package dev.scimaws.scim;

import dev.scimaws.scim.schema.Schema;
import java.util.List;

/**
 * The custom extension schemas each tenant declared for its User resources (RFC 7643 §3.3), as
 * {@link Schema} values. URNs are unique per tenant ignoring case.
 */
public interface ExtensionSchemaStore {

    /** Every extension of the tenant, ordered by URN ignoring case. One strongly consistent read. */
    List<Schema> load(String tenant);

    /** Declares the schema, replacing one with the same URN (ignoring case). */
    void put(String tenant, Schema schema);

    /** @return false when the tenant has no extension with this URN (ignoring case) */
    boolean remove(String tenant, String urn);
}
