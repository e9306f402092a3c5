package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.auth.Tokens;
import dev.scimaws.local.LocalApi;
import dev.scimaws.scim.Json;
import dev.scimaws.store.DynamoTokenStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A small SCIM client over real HTTP, as Okta would talk to the API. */
final class ScimHttp {

    record Response(int status, String contentType, String location, String etag, String body,
                    java.net.http.HttpHeaders headers) {

        Response(int status, String contentType, String location, String etag, String body) {
            this(status, contentType, location, etag, body, null);
        }

        String retryAfter() {
            return headers == null ? null : headers.firstValue("Retry-After").orElse(null);
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    ScimHttp(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    ScimHttp withToken(String otherToken) {
        return new ScimHttp(baseUrl, otherToken);
    }

    static final String PATCH_OP = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":%s}";

    /** A PatchOp body replacing {@code path} with the string {@code value}. */
    static String replaceOp(String path, String value) {
        return PATCH_OP.formatted("[{\"op\":\"replace\",\"path\":\"" + path + "\",\"value\":\"" + value + "\"}]");
    }

    /** A PatchOp body adding these user ids as members. */
    static String addMembersOp(List<String> ids) {
        return PATCH_OP.formatted("[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + memberValues(ids) + "]}]");
    }

    private static String memberValues(List<String> ids) {
        StringBuilder values = new StringBuilder();
        ids.forEach(id -> values.append(values.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}"));
        return values.toString();
    }

    /** Creates an active user (asserting 201); its id. */
    String createUser(String userName) {
        Response created = post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
                + userName + "\",\"active\":true}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").textValue();
    }

    /** Creates a group with these members (asserting 201); its id. */
    String createGroup(String displayName, List<String> memberIds) {
        Response created = post("/Groups", "{\"displayName\":\"" + displayName + "\",\"members\":[" + memberValues(memberIds) + "]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").textValue();
    }

    static String query(String filter) {
        return "filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    Response get(String path) {
        return send("GET", path, null, "application/scim+json");
    }

    Response post(String path, String body) {
        return send("POST", path, body, "application/scim+json");
    }

    Response put(String path, String body) {
        return send("PUT", path, body, "application/scim+json");
    }

    Response patch(String path, String body) {
        return send("PATCH", path, body, "application/scim+json");
    }

    Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** A PATCH conditioned on {@code etag} (If-Match). */
    Response patch(String path, String body, String etag) {
        return send("PATCH", path, body, "application/scim+json", java.util.Map.of("If-Match", etag));
    }

    /**
     * A client of the same API for another tenant: a token for {@code tenant} issued in the API's table,
     * as TokenAdmin would, so two-tenant tests reach the same handlers with a different tenant context.
     */
    static ScimHttp forTenant(LocalApi api, DynamoDbClient dynamo, String tenant) {
        String token = new Tokens(new DynamoTokenStore(dynamo, api.table()), Clock.systemUTC()).issue(tenant, "tenant " + tenant).token();
        return new ScimHttp(api.baseUrl(), token);
    }

    Response send(String method, String path, String body, String contentType) {
        return send(method, path, body, contentType, java.util.Map.of());
    }

    Response send(String method, String path, String body, String contentType, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/scim+json")
                .header("User-Agent", "Okta SCIM Client 1.0.0")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("ETag").orElse(null),
                    response.body(),
                    response.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
