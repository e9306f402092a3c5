package dev.scimaws.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cdk synth} / {@code cdk deploy} in {@code infra/} run this (see cdk.json). Every
 * setting comes from CDK context ({@code -c key=value}); see {@link ScimSettings} and docs/deploy.md.
 */
public final class ScimApp {

    private ScimApp() {}

    public static void main(String[] args) {
        App app = new App();
        createStack(app);
        app.synth();
    }

    /** The stack as configured by the app's context: what the tests synthesize too. */
    public static ScimStack createStack(App app) {
        ScimSettings settings = ScimSettings.fromContext(app.getNode()::tryGetContext);
        return new ScimStack(app, settings.stackName(), StackProps.builder()
                .description("SCIM 2.0 service provider: API Gateway, Lambda (Java 21), DynamoDB")
                .build(), settings);
    }
}
