package dev.scimaws.scim;

/** What every {@link UserStore} promises: {@link ResourceStoreContract} for users (groupsOf: {@link GroupStoreContract}). */
public abstract class UserStoreContract extends ResourceStoreContract {

    protected abstract UserStore users();

    @Override
    protected ResourceStore store() {
        return users();
    }

    @Override
    protected String nameAttribute() {
        return "userName";
    }
}
