package dev.scimaws.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimaws.auth.ClientCredentials;
import dev.scimaws.auth.Tokens;
import dev.scimaws.handler.TokenAuthorizerHandler;
import dev.scimaws.handler.Wiring;
import dev.scimaws.store.DynamoClientStore;
import dev.scimaws.store.DynamoTokenStore;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.Events;
import dev.scimaws.testing.LocalEngineCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token command gives each tenant an API key in a usage plan with its first token, moves it between plans,
 * and deletes it with the last token; the authorizer returns the key from the token item it reads anyway.
 * Against the engine, with API Gateway replaced by {@link InMemoryTenantApiKeys}.
 */
class TenantApiKeysIT {

    private static LocalEngineCredentials credentials;
    private static DynamoEngine engine;
    private static Map<String, String> env;
    private static final InMemoryTenantApiKeys keys = new InMemoryTenantApiKeys();

    @BeforeAll
    static void engine() {
        engine = DynamoEngine.get();
        credentials = LocalEngineCredentials.set();
        env = Map.of("SCIM_DYNAMODB_ENDPOINT", engine.endpoint().toString(), "SCIM_TABLE", engine.createTable("tenant-keys-it"),
                TokenAdmin.USAGE_PLAN_ENV, "plan-default");
    }

    @AfterAll
    static void restore() {
        credentials.close();
    }

    @Test
    void theFirstTokenCreatesTheKeyInTheDefaultPlanAndTheAuthorizerReturnsItFromItsOneRead() throws Exception {
        int keysBefore = keys.created();
        Result first = run("create", "--tenant", "acme");
        Result second = run("create", "--tenant", "acme", "--label", "second");

        assertThat(first.code()).isZero();
        assertThat(keys.planOf("acme")).isEqualTo("plan-default");
        assertThat(keys.created()).as("one key per tenant, not per token").isEqualTo(keysBefore + 1);
        String value = keys.keyOf("acme").value();
        assertThat(first.out() + second.out()).as("the key value is never printed").doesNotContain(value)
                .contains("api key: " + keys.keyOf("acme").id());

        CallCounter calls = new CallCounter();
        TokenAuthorizerHandler authorizer = new TokenAuthorizerHandler(
                new Wiring(engine.client(calls), env.get("SCIM_TABLE"), Clock.systemUTC()));
        for (Result created : new Result[] {first, second}) {
            calls.reset();
            IamPolicyResponseV1 policy = authorizer.handleRequest(event(field(created.out(), "token")), null);
            assertThat(policy.getUsageIdentifierKey()).isEqualTo(value);
            // the field API Gateway reads, as Lambda's own serialiser writes it
            assertThat(new ObjectMapper().readTree(Events.toJson(policy)).path("usageIdentifierKey").asText()).isEqualTo(value);
            assertThat(policy.getPrincipalId()).isEqualTo("acme");
            // the key comes from the one read; a token's first use also records its last use (once an hour)
            assertThat(calls.snapshot()).isEqualTo(Map.of("GetItem", 1L, "UpdateItem", 1L));
        }
    }

    @Test
    void quotaMovesTheTenantToAnotherPlanAndRepairsTokensIssuedWithoutAKey() throws Exception {
        // issued before the deployment had usage plans: no key on the token item
        String legacyToken = new Tokens(new DynamoTokenStore(engine.client(), env.get("SCIM_TABLE")), Clock.systemUTC())
                .issue("legacy", "before quotas").token();

        Result moved = run("quota", "--tenant", "legacy", "--usage-plan", "plan-large");

        assertThat(moved.code()).isZero();
        assertThat(moved.out()).contains("1 token(s), 0 OAuth client(s) updated");
        assertThat(keys.planOf("legacy")).isEqualTo("plan-large");
        TokenAuthorizerHandler authorizer = new TokenAuthorizerHandler(new Wiring(engine.client(), env.get("SCIM_TABLE"), Clock.systemUTC()));
        assertThat(authorizer.handleRequest(event(legacyToken), null).getUsageIdentifierKey())
                .isEqualTo(keys.keyOf("legacy").value());
        assertThat(run("quota", "--tenant", "legacy").code()).as("quota needs the plan").isEqualTo(2);
    }

    @Test
    void anAccessTokenCarriesTheKeyOfItsClientsTenantAndTheAuthorizerReturnsItFromItsOneRead() {
        Result created = run("clients", "create", "--tenant", "oauth-acme", "--label", "entra");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(keys.planOf("oauth-acme")).isEqualTo("plan-default");
        String value = keys.keyOf("oauth-acme").value();
        assertThat(created.out()).doesNotContain(value).contains("api key:       " + keys.keyOf("oauth-acme").id());
        String clientId = field(created.out(), "client_id");
        String accessToken = grant(clientId, field(created.out(), "client_secret"));

        CallCounter calls = new CallCounter();
        TokenAuthorizerHandler authorizer = new TokenAuthorizerHandler(
                new Wiring(engine.client(calls), env.get("SCIM_TABLE"), Clock.systemUTC()));
        IamPolicyResponseV1 policy = authorizer.handleRequest(event(accessToken), null);

        assertThat(policy.getUsageIdentifierKey()).isEqualTo(value);
        assertThat(policy.getPrincipalId()).isEqualTo("oauth-acme");
        // the key comes from the one read; the access token's first use also records its last use (#16)
        assertThat(calls.snapshot()).isEqualTo(Map.of("GetItem", 1L, "UpdateItem", 1L));
        calls.reset();
        assertThat(authorizer.handleRequest(event(accessToken), null).getUsageIdentifierKey()).isEqualTo(value);
        assertThat(calls.snapshot()).as("within the hour: the one read only").isEqualTo(Map.of("GetItem", 1L));
        assertThat(policy.getContext()).as("the actor is the client's public id, the same for each of its tokens")
                .containsEntry(TokenAuthorizerHandler.TOKEN_ID_CONTEXT_KEY, clients().list("oauth-acme").get(0).publicId());
    }

    @Test
    void quotaAlsoGivesTheKeyToClientsCreatedWithoutOneAndTheirNextTokens() {
        ClientCredentials.Created legacy = clients().create("oauth-legacy", "before quotas");
        String before = grant(legacy.client().clientId(), legacy.secret());
        TokenAuthorizerHandler authorizer = new TokenAuthorizerHandler(new Wiring(engine.client(), env.get("SCIM_TABLE"), Clock.systemUTC()));
        assertThat(authorizer.handleRequest(event(before), null).getUsageIdentifierKey()).isNull();

        Result moved = run("quota", "--tenant", "oauth-legacy", "--usage-plan", "plan-large");

        assertThat(moved.code()).as(moved.err()).isZero();
        assertThat(moved.out()).contains("0 token(s), 1 OAuth client(s) updated");
        assertThat(authorizer.handleRequest(event(grant(legacy.client().clientId(), legacy.secret())), null).getUsageIdentifierKey())
                .isEqualTo(keys.keyOf("oauth-legacy").value());
    }

    @Test
    void revokingTheLastTokenKeepsTheKeyWhileAnOAuthClientNeedsIt() {
        String token = field(run("create", "--tenant", "mixed").out(), "id");
        assertThat(run("clients", "create", "--tenant", "mixed").code()).isZero();

        Result revoked = run("revoke", "--tenant", "mixed", "--id", token);

        assertThat(revoked.code()).isZero();
        assertThat(revoked.out()).doesNotContain("Deleted the API key");
        assertThat(keys.keyOf("mixed")).isNotNull();
    }

    private static ClientCredentials clients() {
        return new ClientCredentials(new DynamoClientStore(engine.client(), env.get("SCIM_TABLE")), Clock.systemUTC(),
                ClientCredentials.DEFAULT_LIFETIME);
    }

    private static String grant(String clientId, String secret) {
        var answer = clients().grant(Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret), Optional.empty());
        assertThat(answer).isInstanceOf(ClientCredentials.Granted.class);
        return ((ClientCredentials.Granted) answer).accessToken();
    }

    @Test
    void revokingTheLastTokenDeletesTheKeyButNotBefore() {
        String first = field(run("create", "--tenant", "leaving").out(), "id");
        String second = field(run("create", "--tenant", "leaving").out(), "id");

        Result one = run("revoke", "--tenant", "leaving", "--id", first);
        assertThat(one.code()).isZero();
        assertThat(keys.keyOf("leaving")).as("a token is left").isNotNull();

        Result last = run("revoke", "--tenant", "leaving", "--id", second);
        assertThat(last.code()).isZero();
        assertThat(last.out()).contains("Deleted the API key of tenant leaving");
        assertThat(keys.keyOf("leaving")).isNull();
    }

    private static APIGatewayCustomAuthorizerEvent event(String token) {
        return Events.load("authorizer/allow.json", APIGatewayCustomAuthorizerEvent.class, Map.of("SCIM_TOKEN", token));
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TokenAdmin.run(args, env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), table -> keys);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String field(String output, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + ":\\s+(\\S+)$").matcher(output);
        assertThat(matcher.find()).as(name + " in:\n" + output).isTrue();
        return matcher.group(1);
    }
}
