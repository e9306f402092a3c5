package dev.scimaws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.scimaws.auth.TokenRecord;
import dev.scimaws.auth.Tokens;
import dev.scimaws.priming.Priming;
import dev.scimaws.store.DynamoTokenStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway TOKEN authorizer: {@code Bearer <token>} -> SHA-256 -> token item -> Allow for the
 * whole API with the tenant in the context. Anything else throws "Unauthorized", which API Gateway
 * turns into a 401 (a Deny policy would be a 403).
 */
public final class TokenAuthorizerHandler implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {

    /** The context key handlers read the tenant from. */
    public static final String TENANT_CONTEXT_KEY = "tenant";
    /** The context key of the token's public id (the one {@code tokens list} shows), for "who changed it". */
    public static final String TOKEN_ID_CONTEXT_KEY = "tokenId";
    /** The exact message API Gateway maps to 401. */
    public static final String UNAUTHORIZED = "Unauthorized";

    /** The schedule discards it; a Deny on everything, so even a misrouted ping could never grant access. */
    private static final IamPolicyResponseV1 KEEP_WARM_ANSWER = IamPolicyResponseV1.builder()
            .withPrincipalId(KeepWarm.MARKER)
            .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                    .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                    .withStatement(List.of(IamPolicyResponseV1.denyStatement("*")))
                    .build())
            .build();

    private final Tokens tokens;
    private final Wiring wiring;
    private final Priming priming;

    public TokenAuthorizerHandler() {
        this(Wiring.fromEnvironment());
    }

    public TokenAuthorizerHandler(Wiring wiring) {
        this.tokens = new Tokens(new DynamoTokenStore(wiring.dynamo(), wiring.tableName()), wiring.clock(),
                failure -> Log.error(null, "Recording a token's last use failed; the token was accepted", failure));
        this.wiring = wiring;
        this.priming = Priming.register(this::prime, wiring.initializationType(), Log::primingFailed);
    }

    /**
     * An unknown token against the table: the hash, one GetItem and the deny path. Then a known token against an
     * in-memory table (issued there, never in the table): the allow path with its policy. Nothing is written.
     */
    void prime() {
        try {
            handleRequest(primingEvent(Tokens.PREFIX + "priming"), null);
        } catch (UnauthorizedException expected) {
            // the deny path is what this part exercises
        }
        Priming.inMemory(wiring.dynamo(), memory -> {
            Tokens inMemory = new Tokens(new DynamoTokenStore(memory, wiring.tableName()), wiring.clock());
            return authorize(inMemory, primingEvent(inMemory.issue("priming", "priming").token()));
        });
    }

    private static APIGatewayCustomAuthorizerEvent primingEvent(String token) {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("TOKEN");
        event.setAuthorizationToken("Bearer " + token);
        event.setMethodArn("arn:aws:execute-api:us-east-1:000000000000:priming/scim/GET/v2/Users");
        return event;
    }

    Priming priming() {
        return priming;
    }

    @Override
    public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        if (KeepWarm.isPing(event.getType())) {
            return KEEP_WARM_ANSWER;
        }
        return authorize(tokens, event);
    }

    private static IamPolicyResponseV1 authorize(Tokens tokens, APIGatewayCustomAuthorizerEvent event) {
        Optional<String> bearer = bearerToken(event.getAuthorizationToken());
        TokenRecord token = bearer.flatMap(tokens::activeRecord).orElseThrow(() -> new UnauthorizedException());
        String tenant = token.tenant();
        return IamPolicyResponseV1.builder()
                .withPrincipalId(tenant)
                // API Gateway applies the usage plan of this API key (API key source AUTHORIZER)
                .withUsageIdentifierKey(token.apiKey())
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                        .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(IamPolicyResponseV1.allowStatement(wholeApi(event.getMethodArn()))))
                        .build())
                .withContext(Map.of(TENANT_CONTEXT_KEY, tenant, TOKEN_ID_CONTEXT_KEY, token.actorId()))
                .build();
    }

    static Optional<String> bearerToken(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String trimmed = header.trim();
        if (trimmed.length() < 7 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = trimmed.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /**
     * {@code arn:aws:execute-api:region:account:api/stage/METHOD/path} -> {@code .../api/stage/*}, so
     * the cached policy serves every route, not only the one that triggered the authorizer.
     */
    static String wholeApi(String methodArn) {
        if (methodArn == null) {
            throw new UnauthorizedException();
        }
        String[] arnParts = methodArn.split(":", 6);
        if (arnParts.length < 6) {
            throw new UnauthorizedException();
        }
        String[] pathParts = arnParts[5].split("/", 3);
        String apiAndStage = pathParts.length >= 2 ? pathParts[0] + "/" + pathParts[1] : pathParts[0] + "/*";
        return String.join(":", arnParts[0], arnParts[1], arnParts[2], arnParts[3], arnParts[4], apiAndStage + "/*");
    }

    /** Carries no stack trace: API Gateway only reads the message. */
    public static final class UnauthorizedException extends RuntimeException {
        UnauthorizedException() {
            super(UNAUTHORIZED, null, false, false);
        }
    }
}
