package dev.scimaws.infra;

import dev.scimaws.scim.ScimErrors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.BasePathMappingOptions;
import software.amazon.awscdk.services.apigateway.DomainName;
import software.amazon.awscdk.services.apigateway.EndpointConfiguration;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IAuthorizer;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.IdentitySource;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LambdaIntegrationOptions;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.SecurityPolicy;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.TokenAuthorizer;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The REST API Okta calls. The base URL is {@code https://<host>/scim/v2} on both hosts:
 * <ul>
 *   <li>the stage is named {@value #STAGE} and every resource sits under {@code /v2}, so the
 *       execute-api URL is {@code https://<api>.execute-api.<region>.amazonaws.com/scim/v2};</li>
 *   <li>a custom domain maps base path {@value #STAGE} to that stage, so it is
 *       {@code https://<domain>/scim/v2}.</li>
 * </ul>
 * Handlers can therefore build absolute URLs ({@code meta.location}) as
 * {@code https://<Host header>}{@value #BASE_PATH} whichever host was called, and should route on the
 * event's {@code resource} ({@code /v2/Users/{id}}) and path parameters rather than on {@code path},
 * which is not guaranteed to look the same on both hosts (a custom domain may add its base path).
 */
public final class ScimApi extends Construct {

    /** Stage name and custom-domain base path: the first segment of the base path. */
    public static final String STAGE = "scim";
    /** The resource every route hangs from: the second segment. */
    public static final String VERSION_RESOURCE = "v2";
    public static final String BASE_PATH = "/" + STAGE + "/" + VERSION_RESOURCE;

    public static final String SCIM_CONTENT_TYPE = "application/scim+json";
    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    /**
     * RFC 6750 b64token after a case-insensitive "Bearer ". Headers that fail it get a 401 from API
     * Gateway without invoking (or paying for) the authorizer.
     */
    public static final String TOKEN_VALIDATION_REGEX = "^[Bb][Ee][Aa][Rr][Ee][Rr] [-0-9A-Za-z._~+/]+=*$";

    /**
     * Every response API Gateway generates itself, as SCIM error JSON (its default {"message": ...}
     * bodies fail Okta's own SCIM test). Types are listed one by one because a template cannot read
     * the status code: DEFAULT_4XX / DEFAULT_5XX only catch types API Gateway may add later.
     * MISSING_AUTHENTICATION_TOKEN is what API Gateway answers for a path no route has, so it becomes a 404
     * (every route takes ANY method; the handlers answer a wrong one with 405). A null detail takes API Gateway's own message.
     */
    record GatewayError(ResponseType type, String status, String detail, Integer retryAfterSeconds) {
        GatewayError(ResponseType type, String status, String detail) {
            this(type, status, detail, null);
        }
    }

    /** Seconds a client should wait after a 429, 503 or 504: the same as the handlers' own 429/503 answers. */
    static final int RETRY_AFTER_SECONDS = ScimErrors.RETRY_AFTER_SECONDS;
    /**
     * After a tenant used its daily quota: retrying before the day ends (UTC) only fails again, but an operator
     * may raise the quota at any time (docs/operations.md), so clients check back every ten minutes.
     */
    static final int QUOTA_RETRY_AFTER_SECONDS = 600;

    static final List<GatewayError> GATEWAY_ERRORS = List.of(
            new GatewayError(ResponseType.UNAUTHORIZED, "401", "Missing or invalid bearer token"),
            new GatewayError(ResponseType.ACCESS_DENIED, "403", "The token does not grant access to this resource"),
            new GatewayError(ResponseType.MISSING_AUTHENTICATION_TOKEN, "404", "No such resource or method"),
            new GatewayError(ResponseType.RESOURCE_NOT_FOUND, "404", "No such resource"),
            new GatewayError(ResponseType.THROTTLED, "429", "Too many requests, retry later", RETRY_AFTER_SECONDS),
            new GatewayError(ResponseType.QUOTA_EXCEEDED, "429", "The tenant's request quota is used up for today",
                    QUOTA_RETRY_AFTER_SECONDS),
            new GatewayError(ResponseType.BAD_REQUEST_PARAMETERS, "400", null),
            new GatewayError(ResponseType.BAD_REQUEST_BODY, "400", null),
            new GatewayError(ResponseType.REQUEST_TOO_LARGE, "413", "Request too large"),
            new GatewayError(ResponseType.UNSUPPORTED_MEDIA_TYPE, "415", "Unsupported media type"),
            new GatewayError(ResponseType.EXPIRED_TOKEN, "403", "Expired token"),
            // API keys come from the authorizer: this means the token's tenant has no key in a usage plan
            new GatewayError(ResponseType.INVALID_API_KEY, "403", "Forbidden: the tenant has no usage plan"),
            new GatewayError(ResponseType.INVALID_SIGNATURE, "403", "Forbidden"),
            new GatewayError(ResponseType.WAF_FILTERED, "403", "Forbidden"),
            // the authorizer could not answer (its table read throttled or timed out, its function throttled)
            new GatewayError(ResponseType.AUTHORIZER_FAILURE, "503", "Authorization failed, retry later", RETRY_AFTER_SECONDS),
            new GatewayError(ResponseType.AUTHORIZER_CONFIGURATION_ERROR, "500", "Authorization failed, retry later"),
            new GatewayError(ResponseType.API_CONFIGURATION_ERROR, "500", "Internal server error"),
            // the function could not be invoked (throttled at its reserved concurrency, for example)
            new GatewayError(ResponseType.INTEGRATION_FAILURE, "503", "The service is busy, retry later", RETRY_AFTER_SECONDS),
            new GatewayError(ResponseType.INTEGRATION_TIMEOUT, "504", "The service did not answer in time, retry later",
                    RETRY_AFTER_SECONDS),
            new GatewayError(ResponseType.DEFAULT_4_XX, "400", null),
            // whatever else fails between API Gateway and the function (a crashed function: 502) is worth a retry
            new GatewayError(ResponseType.DEFAULT_5_XX, "503", null, RETRY_AFTER_SECONDS));

    private final RestApi api;
    private final LogGroup accessLogs;
    private final TokenAuthorizer authorizer;
    private final Map<String, UsagePlan> usagePlans = new java.util.LinkedHashMap<>();
    private final DomainName domain;
    private final String domainName;
    private final IResource v2;

    public ScimApi(Construct scope, String id, ScimSettings settings, ScimFunction users, ScimFunction groups,
            ScimFunction discovery, ScimFunction tokenAuthorizer) {
        super(scope, id);

        authorizer = TokenAuthorizer.Builder.create(this, "TokenAuthorizer")
                .handler(tokenAuthorizer.invokeTarget())
                .identitySource(IdentitySource.header("Authorization"))
                .validationRegex(TOKEN_VALIDATION_REGEX)
                .resultsCacheTtl(Duration.seconds(settings.authorizerCacheTtlSeconds()))
                .build();

        accessLogs = LogGroups.create(this, "AccessLogs", settings);

        RestApi.Builder apiBuilder = RestApi.Builder.create(this, "Api")
                .restApiName(settings.stackName())
                .description("SCIM 2.0 service provider (" + BASE_PATH + ")")
                // Regional: the certificate of a custom domain lives in the stack's region, no CloudFront in between.
                .endpointConfiguration(EndpointConfiguration.builder().types(List.of(EndpointType.REGIONAL)).build())
                // Access logs need the account-level API Gateway CloudWatch role; off when the account has one.
                .cloudWatchRole(settings.apiGatewayCloudWatchRole())
                .deployOptions(StageOptions.builder()
                        .stageName(STAGE)
                        .throttlingRateLimit(settings.throttleRateLimit())
                        .throttlingBurstLimit(settings.throttleBurstLimit())
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.custom(ACCESS_LOG_FORMAT))
                        .build())
                // Per-tenant limits: the authorizer returns the tenant's API key as usageIdentifierKey, and
                // API Gateway applies the usage plan that key is in (a key in no plan gets a 403).
                .apiKeySourceType(ApiKeySourceType.AUTHORIZER)
                // Every method, present and future, is behind the token authorizer and a usage plan.
                .defaultMethodOptions(MethodOptions.builder()
                        .authorizationType(AuthorizationType.CUSTOM)
                        .authorizer(authorizer)
                        .apiKeyRequired(true)
                        .build());
        if (settings.apiGatewayCloudWatchRole()) {
            // The role is an account-wide (per region) setting other APIs may rely on: kept on stack deletion.
            apiBuilder.cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN);
        }
        api = apiBuilder.build();

        for (GatewayError error : GATEWAY_ERRORS) {
            Map<String, String> headers = new HashMap<>();
            headers.put("Content-Type", "'" + SCIM_CONTENT_TYPE + "'");
            if (error.type() == ResponseType.UNAUTHORIZED) {
                headers.put("WWW-Authenticate", "'Bearer'"); // RFC 6750: a 401 names the scheme it wants
            }
            if (error.retryAfterSeconds() != null) {
                headers.put("Retry-After", "'" + error.retryAfterSeconds() + "'");
            }
            api.addGatewayResponse(error.type().getResponseType(), GatewayResponseOptions.builder()
                    .type(error.type())
                    .statusCode(error.status())
                    .responseHeaders(headers)
                    .templates(Map.of("application/json", scimError(error.status(), error.detail())))
                    .build());
        }

        for (UsageLimits.Plan plan : settings.usageLimits().plans()) {
            usagePlans.put(plan.name(), usagePlan(plan, settings.stackName()));
        }

        v2 = api.getRoot().addResource(VERSION_RESOURCE);

        // ANY on every resource: the handlers answer a method they do not serve (DELETE /Users, POST
        // /Users/{id}, PUT /Schemas) with a SCIM 405, where API Gateway would answer an unknown method with
        // its 403 "Missing Authentication Token" (mapped to 404 below). One method, and one invoke
        // permission, per resource.
        LambdaIntegration usersIntegration = integration(users);
        IResource usersResource = v2.addResource("Users");
        addAnyMethod(usersResource, usersIntegration);
        addAnyMethod(usersResource.addResource("{id}"), usersIntegration);

        LambdaIntegration groupsIntegration = integration(groups);
        IResource groupsResource = v2.addResource("Groups");
        addAnyMethod(groupsResource, groupsIntegration);
        addAnyMethod(groupsResource.addResource("{id}"), groupsIntegration);

        LambdaIntegration discoveryIntegration = integration(discovery);
        addAnyMethod(v2.addResource("ServiceProviderConfig"), discoveryIntegration);
        IResource resourceTypes = v2.addResource("ResourceTypes");
        addAnyMethod(resourceTypes, discoveryIntegration);
        addAnyMethod(resourceTypes.addResource("{id}"), discoveryIntegration);
        IResource schemas = v2.addResource("Schemas");
        addAnyMethod(schemas, discoveryIntegration);
        addAnyMethod(schemas.addResource("{id}"), discoveryIntegration);
        // RFC 7644 endpoints not implemented: routed so they answer a SCIM 501, not API Gateway's 404.
        addAnyMethod(v2.addResource("Me"), discoveryIntegration);
        addAnyMethod(v2.addResource("Bulk"), discoveryIntegration);

        domainName = settings.domainName().orElse(null);
        if (domainName != null) {
            domain = DomainName.Builder.create(this, "Domain")
                    .domainName(domainName)
                    .certificate(Certificate.fromCertificateArn(this, "Certificate", settings.certificateArn().orElseThrow()))
                    .endpointType(EndpointType.REGIONAL)
                    .securityPolicy(SecurityPolicy.TLS_1_2)
                    .build();
            domain.addBasePathMapping(api, BasePathMappingOptions.builder()
                    .basePath(STAGE)
                    .stage(api.getDeploymentStage())
                    .build());
        } else {
            domain = null;
        }
    }

    public RestApi api() {
        return api;
    }

    /** One JSON line per request (the alarms' metric filters read it). */
    public LogGroup accessLogs() {
        return accessLogs;
    }

    public TokenAuthorizer authorizer() {
        return authorizer;
    }

    /** The execute-api base URL, {@code https://<api>.execute-api.<region>.amazonaws.com/scim/v2}. */
    public String executeApiBaseUrl() {
        return api.urlForPath("/" + VERSION_RESOURCE);
    }

    /** The URL to give the identity provider: the custom domain's when there is one. */
    public String baseUrl() {
        return domainName != null ? "https://" + domainName + BASE_PATH : executeApiBaseUrl();
    }

    /** Usage plans by name: {@value UsageLimits#DEFAULT_PLAN_NAME} first, then the tiers. */
    public Map<String, UsagePlan> usagePlans() {
        return usagePlans;
    }

    /** A plan on this API's stage; TokenAdmin adds each tenant's API key to one of them. */
    private UsagePlan usagePlan(UsageLimits.Plan plan, String stackName) {
        UsagePlanProps.Builder props = UsagePlanProps.builder()
                .name(stackName + "-" + plan.name())
                .description("Per-tenant limits (" + plan.name() + "): every tenant's API key is in one plan")
                .throttle(ThrottleSettings.builder().rateLimit(plan.rateLimit()).burstLimit(plan.burstLimit()).build())
                .apiStages(List.of(UsagePlanPerApiStage.builder().api(api).stage(api.getDeploymentStage()).build()));
        if (plan.quotaPerDay() > 0) {
            props.quota(QuotaSettings.builder().limit(plan.quotaPerDay()).period(Period.DAY).build());
        }
        return api.addUsagePlan("UsagePlan-" + plan.name(), props.build());
    }

    /**
     * {@code POST /scim/v2/oauth/token} (RFC 6749 §4.4) WITHOUT the authorizer: it is how a client gets a
     * token. It is throttled by the stage's rate and burst limits like every method; a usage plan cannot
     * meter it (no authorizer, so no usage identifier key), and it requires no API key (the API's default).
     */
    public void addTokenEndpoint(ScimFunction tokenEndpoint) {
        IResource token = v2.addResource("oauth").addResource("token");
        tokenMethod = token.addMethod("POST", integration(tokenEndpoint), MethodOptions.builder()
                .authorizationType(AuthorizationType.NONE)
                .authorizer(NO_AUTHORIZER)
                .apiKeyRequired(false)
                .build());
    }

    /** {@code POST /v2/oauth/token}, the one method without the authorizer; null until added. */
    private Method tokenMethod;

    public Optional<Method> tokenMethod() {
        return Optional.ofNullable(tokenMethod);
    }

    /** Opts one method out of the API's default authorizer (CDK refuses NONE next to a default CUSTOM one). */
    private static final IAuthorizer NO_AUTHORIZER = new IAuthorizer() {
        @Override
        public String getAuthorizerId() {
            return "";
        }

        @Override
        public AuthorizationType getAuthorizationType() {
            return AuthorizationType.NONE;
        }
    };

    public Optional<DomainName> domain() {
        return Optional.ofNullable(domain);
    }

    static String scimError(String status, String detail) {
        String detailJson = detail == null ? "$context.error.messageString" : "\"" + detail + "\"";
        return "{\"schemas\":[\"" + ERROR_SCHEMA + "\"],\"status\":\"" + status + "\",\"detail\":" + detailJson + "}";
    }

    /**
     * Integrated with the alias for SnapStart handlers. The console's test-invoke permission is left out
     * (it bypasses the authorizer); each method gets its own invoke permission.
     */
    private static LambdaIntegration integration(ScimFunction function) {
        return new LambdaIntegration(function.invokeTarget(), LambdaIntegrationOptions.builder()
                .proxy(true)
                .allowTestInvoke(false)
                .build());
    }

    private static void addAnyMethod(IResource resource, LambdaIntegration integration) {
        resource.addMethod("ANY", integration);
    }

    /**
     * One JSON line per request; the principal is the tenant. No query string: filters carry user names.
     * API Gateway substitutes {@code $context} values into the format as they are, without JSON escaping, so
     * only values no client can shape appear between quotes (ids, numbers, times, enum-like types, the tenant,
     * which the authorizer takes from the table). Left out on purpose: the user agent and the raw path (a
     * client writes them; a quote in either broke the line), so {@code resource} is the route template; and
     * the error message, whose text API Gateway does not promise: {@code errorType} names the cause.
     */
    static final String ACCESS_LOG_FORMAT = "{"
            + "\"requestId\":\"$context.requestId\","
            + "\"requestTime\":\"$context.requestTime\","
            + "\"ip\":\"$context.identity.sourceIp\","
            + "\"method\":\"$context.httpMethod\","
            + "\"resource\":\"$context.resourcePath\","
            + "\"status\":\"$context.status\","
            + "\"responseLength\":\"$context.responseLength\","
            + "\"responseLatency\":\"$context.responseLatency\","
            + "\"integrationLatency\":\"$context.integrationLatency\","
            + "\"integrationStatus\":\"$context.integrationStatus\","
            + "\"tenant\":\"$context.authorizer.principalId\","
            + "\"authorizerStatus\":\"$context.authorizer.status\","
            + "\"authorizerLatency\":\"$context.authorizer.latency\","
            + "\"errorType\":\"$context.error.responseType\""
            + "}";
}
