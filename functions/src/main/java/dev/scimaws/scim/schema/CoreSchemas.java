package dev.scimaws.scim.schema;

import static dev.scimaws.scim.schema.Attribute.Mutability.IMMUTABLE;
import static dev.scimaws.scim.schema.Attribute.Mutability.READ_ONLY;
import static dev.scimaws.scim.schema.Attribute.Mutability.WRITE_ONLY;
import static dev.scimaws.scim.schema.Attribute.Returned.ALWAYS;
import static dev.scimaws.scim.schema.Attribute.Returned.NEVER;
import static dev.scimaws.scim.schema.Attribute.Uniqueness.SERVER;
import static dev.scimaws.scim.schema.Attribute.bool;
import static dev.scimaws.scim.schema.Attribute.complex;
import static dev.scimaws.scim.schema.Attribute.reference;
import static dev.scimaws.scim.schema.Attribute.string;

import dev.scimaws.scim.schema.Attribute.Type;
import java.util.List;

/**
 * The schemas of RFC 7643 §4 and §3.1 as data, following the RFC's §8.7 definitions. Where §8.7 and the
 * RFC's prose disagree the prose wins: {@code userName} and Group {@code displayName} are required.
 */
public final class CoreSchemas {

    public static final String USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE_USER_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** id, externalId and meta: on every resource, in no schema document (RFC 7643 §3.1). */
    public static final List<Attribute> COMMON_ATTRIBUTES = List.of(
            string("id").asCaseExact().with(READ_ONLY).with(ALWAYS).with(SERVER)
                    .describedAs("Identifier the service provider assigns to the resource."),
            string("externalId").asCaseExact()
                    .describedAs("Identifier the provisioning client assigns to the resource."),
            complex("meta",
                    string("resourceType").asCaseExact().with(READ_ONLY).describedAs("Name of the resource type."),
                    Attribute.of("created", Type.DATE_TIME).with(READ_ONLY).describedAs("When the resource was added."),
                    Attribute.of("lastModified", Type.DATE_TIME).with(READ_ONLY)
                            .describedAs("When the resource last changed."),
                    reference("location", "uri").asCaseExact().with(READ_ONLY).describedAs("URI of the resource."),
                    string("version").asCaseExact().with(READ_ONLY).describedAs("Weak entity tag of the resource."))
                    .with(READ_ONLY).describedAs("Resource metadata maintained by the service provider."));

    public static final Schema USER = new Schema(USER_URN, "User", "User Account", List.of(
            string("userName").asRequired().with(SERVER)
                    .describedAs("Unique identifier of the user, used to sign in; unique per tenant, ignoring case."),
            complex("name",
                    string("formatted").describedAs("Full name, formatted for display."),
                    string("familyName").describedAs("Family name (last name in most Western languages)."),
                    string("givenName").describedAs("Given name (first name in most Western languages)."),
                    string("middleName").describedAs("Middle name(s)."),
                    string("honorificPrefix").describedAs("Title before the name, such as 'Ms.'."),
                    string("honorificSuffix").describedAs("Suffix after the name, such as 'III'."))
                    .describedAs("Components of the user's name."),
            string("displayName").describedAs("Name to show for the user."),
            string("nickName").describedAs("Casual name of the user."),
            reference("profileUrl", "external").describedAs("URL of the user's online profile."),
            string("title").describedAs("Job title."),
            string("userType").describedAs("Relationship to the organisation, such as 'Employee' or 'Contractor'."),
            string("preferredLanguage").describedAs("Preferred written or spoken language (RFC 7231 language range)."),
            string("locale").describedAs("Default location for localisation, such as 'en-US'."),
            string("timezone").describedAs("Time zone in IANA format, such as 'Europe/Paris'."),
            bool("active").describedAs("Whether the user may use the service; false keeps the user but disables it."),
            string("password").with(WRITE_ONLY).with(NEVER)
                    .describedAs("Clear-text password; accepted on write, never stored or returned."),
            multiValued("emails", string("value").describedAs("Email address."), "work", "home", "other")
                    .describedAs("Email addresses of the user."),
            multiValued("phoneNumbers", string("value").describedAs("Phone number, ideally as a tel: URI."),
                    "work", "home", "mobile", "fax", "pager", "other")
                    .describedAs("Phone numbers of the user."),
            multiValued("ims", string("value").describedAs("Instant messaging address."),
                    "aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo")
                    .describedAs("Instant messaging addresses of the user."),
            multiValued("photos", reference("value", "external").describedAs("URL of an image of the user."),
                    "photo", "thumbnail")
                    .describedAs("Images of the user."),
            complex("addresses",
                    string("formatted").describedAs("Full address, formatted for display or mailing."),
                    string("streetAddress").describedAs("Street, house number and similar."),
                    string("locality").describedAs("City or locality."),
                    string("region").describedAs("State or region."),
                    string("postalCode").describedAs("Postal or ZIP code."),
                    string("country").describedAs("Country as an ISO 3166-1 alpha-2 code."),
                    string("type").withCanonicalValues("work", "home", "other")
                            .describedAs("Kind of address, such as 'work' or 'home'."),
                    bool("primary").describedAs("Whether this is the preferred address; at most one is."))
                    .asMultiValued().describedAs("Physical mailing addresses of the user."),
            complex("groups",
                    string("value").with(READ_ONLY).describedAs("id of the group."),
                    reference("$ref", "User", "Group").with(READ_ONLY).describedAs("URI of the group."),
                    string("display").with(READ_ONLY).describedAs("Name of the group."),
                    string("type").withCanonicalValues("direct", "indirect").with(READ_ONLY)
                            .describedAs("Whether membership is direct or through another group."))
                    .asMultiValued().with(READ_ONLY)
                    .describedAs("Groups the user belongs to; maintained through the Group resources."),
            multiValued("entitlements", string("value").describedAs("Entitlement."))
                    .describedAs("Entitlements of the user."),
            multiValued("roles", string("value").describedAs("Role."))
                    .describedAs("Roles of the user."),
            multiValued("x509Certificates",
                    Attribute.of("value", Type.BINARY).describedAs("DER-encoded certificate, base64."))
                    .describedAs("X.509 certificates of the user.")));

    public static final Schema GROUP = new Schema(GROUP_URN, "Group", "Group", List.of(
            string("displayName").asRequired().describedAs("Name of the group."),
            complex("members",
                    string("value").asRequired().with(IMMUTABLE).describedAs("id of the member resource."),
                    reference("$ref", "User", "Group").with(IMMUTABLE).describedAs("URI of the member resource."),
                    string("display").describedAs("Name of the member."),
                    string("type").withStrictCanonicalValues("User", "Group").with(IMMUTABLE)
                            .describedAs("Type of the member resource: 'User' or 'Group'."))
                    .asMultiValued().describedAs("Members of the group.")));

    public static final Schema ENTERPRISE_USER = new Schema(ENTERPRISE_USER_URN, "EnterpriseUser",
            "Enterprise user", List.of(
            string("employeeNumber").describedAs("Number the organisation assigns to the user."),
            string("costCenter").describedAs("Cost center."),
            string("organization").describedAs("Organisation."),
            string("division").describedAs("Division."),
            string("department").describedAs("Department."),
            complex("manager",
                    string("value").describedAs("id of the manager's User resource."),
                    reference("$ref", "User").describedAs("URI of the manager's User resource."),
                    string("displayName").with(READ_ONLY).describedAs("Display name of the manager."))
                    .describedAs("The user's manager.")));

    public static final ResourceType USER_TYPE =
            new ResourceType("User", "/Users", "User Account", USER, List.of(ENTERPRISE_USER));

    public static final ResourceType GROUP_TYPE = new ResourceType("Group", "/Groups", "Group", GROUP, List.of());

    private CoreSchemas() {}

    /**
     * The RFC's usual multi-valued shape: value, display, type and primary. {@code type} values are
     * advertised, not enforced: clients send their own labels.
     */
    private static Attribute multiValued(String name, Attribute value, String... types) {
        return complex(name,
                value,
                string("display").describedAs("Value for display."),
                string("type").withCanonicalValues(types).describedAs("Label of the value's function."),
                bool("primary").describedAs("Whether this is the preferred value; at most one is."))
                .asMultiValued();
    }
}
