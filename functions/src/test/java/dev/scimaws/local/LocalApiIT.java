package dev.scimaws.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimaws.auth.Tokens;
import dev.scimaws.store.DynamoTokenStore;
import dev.scimaws.testing.DynamoEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local API over HTTP: what API Gateway answers itself, and that authorised requests reach the handler. */
class LocalApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        api = LocalApi.start(0, engine, engine.createTable("local-api-it"));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void printsABaseUrlOnLoopbackAndIssuesATenantToken() {
        assertThat(api.baseUrl()).isEqualTo("http://127.0.0.1:" + api.port() + "/scim/v2");
        assertThat(api.token()).startsWith(Tokens.PREFIX);
    }

    @Test
    void announcesTheTokenEndpointAndAClientAfterItsFourLines() throws Exception {
        java.util.List<String> lines = LocalApi.announce(api, "http://127.0.0.1:1");
        assertThat(lines).hasSize(7);
        assertThat(lines.subList(0, 4)).extracting(line -> line.substring(0, line.indexOf('=')))
                .containsExactly("SCIM_BASE_URL", "SCIM_TOKEN", "SCIM_DYNAMODB_ENDPOINT", "SCIM_TABLE");
        assertThat(lines.get(4)).isEqualTo("SCIM_TOKEN_ENDPOINT=" + api.baseUrl() + "/oauth/token");
        assertThat(lines.get(5)).isEqualTo("SCIM_CLIENT_ID=" + api.clientId());
        assertThat(lines.get(6)).isEqualTo("SCIM_CLIENT_SECRET=" + api.clientSecret());
        // The printed client works: the token endpoint answers it without a bearer token.
        HttpResponse<String> granted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + api.clientId()
                        + "&client_secret=" + api.clientSecret())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    }

    @Test
    void answersAMissingTokenWith401InScimJson() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/Users?startIndex=1&count=2")).GET());

        assertScimError(response, 401);
    }

    @Test
    void answersAWrongTokenWith401InScimJson() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/Users"))
                .header("Authorization", "Bearer " + Tokens.PREFIX + "wrong").GET());

        assertScimError(response, 401);
    }

    @Test
    void answersARevokedTokenWith401() throws Exception {
        Tokens tokens = new Tokens(new DynamoTokenStore(DynamoEngine.get().client(), api.table()), Clock.systemUTC());
        Tokens.Issued issued = tokens.issue(LocalApi.TENANT, "revoked");
        tokens.revoke(LocalApi.TENANT, issued.record().id());

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/Users")).header("Authorization", "Bearer " + issued.token()).GET());

        assertScimError(response, 401);
    }

    @Test
    void answersUnknownRoutesWith404InScimJson() throws Exception {
        for (String path : new String[] {"/Nothing", "/Users/a/b", "//Users"}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + api.token()).GET());
            assertScimError(response, 404);
        }
        HttpResponse<String> outside = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/other")).GET());
        assertScimError(outside, 404);
    }

    @Test
    void rejectsBodiesOverTenMegabytesWith413() throws Exception {
        byte[] body = new byte[LocalApi.MAX_BODY_BYTES + 1];

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/Users"))
                .header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertScimError(response, 413);
    }

    @Test
    void letsTheIssuedTokenThroughToTheUsersHandler() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/Users?filter=userName%20eq%20%22jane%40example.com%22"))
                .header("Authorization", "Bearer " + api.token()).GET());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/scim+json");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode list = JSON.readTree(response.body());
        assertThat(list.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(list.path("totalResults").asInt(-1)).isZero();
    }

    private static URI uri(String path) {
        return URI.create(api.baseUrl() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertScimError(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/scim+json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.path("status").isTextual()).isTrue();
        assertThat(body.path("status").asText()).isEqualTo(Integer.toString(status));
        assertThat(body.path("detail").asText()).isNotBlank();
    }
}
