package dev.scimaws.priming;

import dev.scimaws.scim.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Okta and Entra request mix that priming sends to an in-memory table ({@link Priming#inMemory}): every
 * success and conflict path of Users and Groups, so the classes they load (our stores, the SDK's request and
 * response models, marshallers and error unmarshalling, JSON rendering of full resources) are in the
 * snapshot. Both SCIM handlers run all of it: a user's GET reads its groups, a group PATCH validates users.
 */
public final class PrimingScenario {

    /** The SCIM endpoints as Lambda serves them: a request in, status and body out. */
    public interface Scim {
        Answer send(String method, String resource, String id, Map<String, String> query, String body);
    }

    public record Answer(int status, String body) {}

    private static final String USER_NAME = "priming.user@example.invalid";
    private static final String USER = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
            + "\"userName\":\"" + USER_NAME + "\",\"externalId\":\"00upriming\","
            + "\"name\":{\"givenName\":\"Priming\",\"familyName\":\"User\",\"formatted\":\"Priming User\"},"
            + "\"displayName\":\"Priming User\",\"locale\":\"en-US\",\"title\":\"Primer\","
            + "\"emails\":[{\"primary\":true,\"value\":\"" + USER_NAME + "\",\"type\":\"work\"}],"
            + "\"phoneNumbers\":[{\"value\":\"+1 555 0100\",\"type\":\"mobile\"}],"
            + "\"groups\":[],\"password\":\"Priming-1\",\"active\":true}";

    private PrimingScenario() {}

    /** Sends the mix; returns "METHOD resource status" per request, for the test that keeps the mix on its paths. */
    public static List<String> run(Scim scim) {
        List<String> statuses = new ArrayList<>();

        String userId = createdId(send(statuses, scim, "POST", "Users", null, null, USER));
        send(statuses, scim, "POST", "Users", null, null, USER);
        String groupId = createdId(send(statuses, scim, "POST", "Groups", null, null,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Priming\",\"members\":[]}"));
        send(statuses, scim, "PATCH", "Groups", groupId, null, patch(
                "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + UUID.randomUUID() + "\\\"]\"},"
                        + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + userId + "\",\"display\":\"" + USER_NAME + "\"}]}"));
        send(statuses, scim, "PATCH", "Groups", groupId, null, patch(
                "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + userId + "\"}]},"
                        + "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + userId + "\"}]}"));
        send(statuses, scim, "GET", "Groups", groupId, Map.of("excludedAttributes", "members"), null);
        send(statuses, scim, "GET", "Groups", null, Map.of("filter", "displayName eq \"Priming\""), null);

        send(statuses, scim, "GET", "Users", userId, null, null);
        send(statuses, scim, "GET", "Users", null, Map.of("filter", "userName eq \"" + USER_NAME + "\"", "startIndex", "1", "count", "100"), null);
        send(statuses, scim, "GET", "Users", null, Map.of("startIndex", "1", "count", "2"), null);
        send(statuses, scim, "PATCH", "Users", userId, null, patch("{\"op\":\"replace\",\"value\":{\"active\":false}}"));
        send(statuses, scim, "PATCH", "Users", userId, null, patch("{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Primed\"},"
                + "{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"" + USER_NAME + "\"}"));
        send(statuses, scim, "PUT", "Users", userId, null, USER.replace(USER_NAME, "renamed." + USER_NAME)
                .replace("{\"schemas\"", "{\"id\":\"" + userId + "\",\"schemas\""));

        send(statuses, scim, "PATCH", "Groups", groupId, null, patch("{\"op\":\"replace\",\"value\":{\"id\":\"" + groupId
                + "\",\"displayName\":\"Priming renamed\"}}"));
        send(statuses, scim, "DELETE", "Groups", groupId, null, null);
        send(statuses, scim, "DELETE", "Users", userId, null, null);
        return statuses;
    }

    private static String patch(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operations + "]}";
    }

    private static Answer send(List<String> statuses, Scim scim, String method, String resource, String id,
                               Map<String, String> query, String body) {
        Answer answer = scim.send(method, resource, id, query, body);
        statuses.add(method + " " + resource + " " + answer.status());
        return answer;
    }

    private static String createdId(Answer answer) {
        if (answer.status() != 201) {
            throw new IllegalStateException("Priming create answered " + answer.status());
        }
        return Json.parseStored(answer.body()).path("id").asText();
    }
}
