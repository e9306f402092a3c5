package dev.scimaws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every sample event loads into its handler's type, looking as API Gateway sends it. */
class EventsTest {

    private static final Map<String, String> VALUES = Map.of("SCIM_TOKEN", "scimaws_x", "USER_ID", "2819c223-7f76-453a-919d-413861904646",
            "GROUP_ID", "e9e30dba-f08f-4109-8486-d5c6a331660a");

    @Test
    void usersEventsAreRestProxyEventsForTheUsersResources() throws IOException {
        List<Path> files = files("users");
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "list.json", "filter.json", "create.json", "get.json", "put.json", "patch-deactivate.json", "delete.json",
                "entra-patch-attributes.json", "entra-patch-clear.json", "entra-search.json");
        for (Path file : files) {
            APIGatewayProxyRequestEvent event = Events.load("users/" + file.getFileName(), APIGatewayProxyRequestEvent.class, VALUES);
            String name = file.getFileName().toString();
            assertThat(event.getResource()).as(name).isIn("/v2/Users", "/v2/Users/{id}");
            assertThat(event.getPath()).as(name).startsWith("/scim/v2/Users");
            assertThat(event.getRequestContext().getPath()).as(name).isEqualTo(event.getPath());
            assertThat(event.getRequestContext().getAuthorizer()).as(name).containsEntry("tenant", "local");
            assertThat(event.getHeaders()).as(name).containsKeys("Host", "User-Agent");
            assertThat(event.getMultiValueHeaders()).as(name).containsOnlyKeys(event.getHeaders().keySet());
            assertThat(event.getIsBase64Encoded()).as(name).isFalse();
            if (event.getResource().endsWith("{id}") && !name.endsWith("search.json")) { // .search: RFC 7644 §3.4.3
                assertThat(event.getPathParameters()).as(name).containsEntry("id", VALUES.get("USER_ID"));
                assertThat(event.getPath()).as(name).endsWith(VALUES.get("USER_ID"));
            }
        }
    }

    @Test
    void groupsEventsAreRestProxyEventsForTheGroupsResources() throws IOException {
        List<Path> files = files("groups");
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "create.json", "filter.json", "okta-membership-patch.json", "entra-remove.json", "rename.json", "delete.json",
                "entra-members.json", "entra-search.json");
        for (Path file : files) {
            APIGatewayProxyRequestEvent event = Events.load("groups/" + file.getFileName(), APIGatewayProxyRequestEvent.class, VALUES);
            String name = file.getFileName().toString();
            assertThat(event.getResource()).as(name).isIn("/v2/Groups", "/v2/Groups/{id}");
            assertThat(event.getPath()).as(name).startsWith("/scim/v2/Groups");
            assertThat(event.getRequestContext().getPath()).as(name).isEqualTo(event.getPath());
            assertThat(event.getRequestContext().getHttpMethod()).as(name).isEqualTo(event.getHttpMethod());
            assertThat(event.getRequestContext().getAuthorizer()).as(name).containsEntry("tenant", "local");
            assertThat(event.getHeaders()).as(name).containsKeys("Host", "User-Agent");
            assertThat(event.getMultiValueHeaders()).as(name).containsOnlyKeys(event.getHeaders().keySet());
            if (event.getResource().endsWith("{id}") && !name.endsWith("search.json")) {
                assertThat(event.getPathParameters()).as(name).containsEntry("id", VALUES.get("GROUP_ID"));
                assertThat(event.getPath()).as(name).endsWith(VALUES.get("GROUP_ID"));
            }
        }
        APIGatewayProxyRequestEvent okta = Events.load("groups/okta-membership-patch.json", APIGatewayProxyRequestEvent.class, VALUES);
        assertThat(okta.getBody()).contains("members[value eq \\\"").contains(VALUES.get("USER_ID"));
        APIGatewayProxyRequestEvent rename = Events.load("groups/rename.json", APIGatewayProxyRequestEvent.class, VALUES);
        assertThat(rename.getBody()).contains("\"id\":\"" + VALUES.get("GROUP_ID") + "\"");
    }

    @Test
    void tokenEndpointEventIsAFormPostWithoutAnAuthorizer() {
        APIGatewayProxyRequestEvent event = Events.load("oauth/token.json", APIGatewayProxyRequestEvent.class,
                Map.of("CLIENT_ID", "scimaws-client-x", "CLIENT_SECRET", "scimaws_secret_x"));
        assertThat(event.getResource()).isEqualTo("/v2/oauth/token");
        assertThat(event.getHttpMethod()).isEqualTo("POST");
        assertThat(event.getRequestContext().getAuthorizer()).isNullOrEmpty();
        assertThat(event.getHeaders()).doesNotContainKey("Authorization")
                .containsEntry("Content-Type", "application/x-www-form-urlencoded");
        assertThat(event.getBody()).isEqualTo("grant_type=client_credentials&client_id=scimaws-client-x&client_secret=scimaws_secret_x");
    }

    @Test
    void filterEventCarriesTheDecodedOktaFilter() {
        APIGatewayProxyRequestEvent event = Events.load("users/filter.json", APIGatewayProxyRequestEvent.class, VALUES);

        assertThat(event.getQueryStringParameters()).containsEntry("filter", "userName eq \"jane.doe@example.com\"");
        assertThat(event.getMultiValueQueryStringParameters().get("filter")).containsExactly("userName eq \"jane.doe@example.com\"");
    }

    @Test
    void authorizerEventsAreTokenEvents() {
        for (String name : List.of("allow", "deny")) {
            APIGatewayCustomAuthorizerEvent event = Events.load("authorizer/" + name + ".json", APIGatewayCustomAuthorizerEvent.class, VALUES);
            assertThat(event.getType()).isEqualTo("TOKEN");
            assertThat(event.getAuthorizationToken()).startsWith("Bearer ");
            assertThat(event.getMethodArn()).startsWith("arn:aws:execute-api:");
        }
    }

    private static List<Path> files(String folder) throws IOException {
        try (Stream<Path> files = Files.list(Events.dir().resolve(folder))) {
            return files.filter(p -> p.toString().endsWith(".json")).toList();
        }
    }
}
