package dev.scimaws.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Validations;

/**
 * cdk-nag's AwsSolutions pack over the synthesized stack, as deployed by default and with every optional
 * piece switched on: no finding, error or warning, may be left unacknowledged, and every acknowledgment names
 * its rule and gives a reason (NagAcknowledgments). A new resource that breaks a rule fails this test.
 */
class CdkNagTest {

    @TempDir
    Path workDir;

    static List<Map<String, Object>> variants() {
        return List.of(
                Map.of(),
                Map.of(ScimSettings.TABLE_ENCRYPTION, "customer-managed",
                        ScimSettings.DOMAIN_NAME, "scim.example.org",
                        ScimSettings.CERTIFICATE_ARN, "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
                        ScimSettings.API_GATEWAY_CLOUDWATCH_ROLE, "false",
                        "usersProvisionedConcurrency", "1",
                        ScimSettings.KEEP_WARM_MINUTES, "0"));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void awsSolutionsFindsNothingUnacknowledged(Map<String, Object> context) throws Exception {
        App app = Synth.app(workDir, context);
        ScimApp.createStack(app);
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app, NagPackProps.builder()
                .verbose(true)
                .writeSuppressionsToCloudFormation(true)
                .build()));

        RuntimeException failure = null;
        try {
            app.synth();
        } catch (RuntimeException e) {
            failure = e;
        }

        assertThat(findings()).as("unacknowledged AwsSolutions findings").isEmpty();
        assertThat(failure).isNull();
        List<JsonNode> acknowledgments = acknowledgments();
        assertThat(acknowledgments).isNotEmpty().allSatisfy(acknowledgment -> {
            assertThat(acknowledgment.path("id").asText()).startsWith("AwsSolutions-");
            assertThat(acknowledgment.path("reason").asText()).as(acknowledgment.toString()).hasSizeGreaterThan(60);
        });
    }

    /** The check itself works: a resource added without its acknowledgment is reported and fails the synth. */
    @org.junit.jupiter.api.Test
    void aNewFindingIsReported() throws Exception {
        App app = Synth.app(workDir, Map.of());
        ScimStack stack = ScimApp.createStack(app);
        software.amazon.awscdk.services.sqs.Queue.Builder.create(stack, "Unacknowledged").build();
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

        org.assertj.core.api.Assertions.assertThatThrownBy(app::synth).hasMessageContaining("Validation failed");
        assertThat(findings()).anyMatch(finding -> finding.contains("AwsSolutions-SQS") && finding.contains("/Unacknowledged/"));
    }

    /** "severity rule construct" per violation in the validation report (absent when there are none). */
    private List<String> findings() throws Exception {
        Path report = workDir.resolve("cdk.out").resolve("validation-report.json");
        List<String> findings = new ArrayList<>();
        if (!Files.exists(report)) {
            return findings;
        }
        for (JsonNode plugin : Synth.JSON.readTree(report.toFile()).path("pluginReports")) {
            for (JsonNode violation : plugin.path("violations")) {
                for (JsonNode construct : violation.path("violatingConstructs")) {
                    findings.add(violation.path("severity").asText() + " " + violation.path("ruleName").asText() + " "
                            + construct.path("constructPath").asText());
                }
            }
        }
        return findings;
    }

    /** The acknowledgments cdk-nag wrote into the template's resource metadata. */
    private List<JsonNode> acknowledgments() throws Exception {
        Path template = workDir.resolve("cdk.out").resolve(ScimSettings.DEFAULT_STACK_NAME + ".template.json");
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode resource : Synth.JSON.readTree(template.toFile()).path("Resources")) {
            resource.path("Metadata").path("cdk_nag").path("rules_to_suppress").forEach(found::add);
        }
        return found;
    }
}
