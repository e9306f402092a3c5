package dev.scimaws.scim;

/**
 * The {@link ResourceRules} that apply to one tenant's requests: the same for every tenant (Groups), or
 * the core schemas plus the tenant's custom extensions (Users, see {@link TenantUserRules}).
 */
@FunctionalInterface
public interface ResourceRulesProvider {

    ResourceRules forTenant(String tenant);

    /** The same rules for every tenant. */
    static ResourceRulesProvider fixed(ResourceRules rules) {
        return tenant -> rules;
    }
}
