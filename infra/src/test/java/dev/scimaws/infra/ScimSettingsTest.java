package dev.scimaws.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScimSettingsTest {

    @Test
    void defaultsAreWhatTheDeployGuideDocuments() {
        ScimSettings settings = ScimSettings.defaults();

        assertThat(settings.stackName()).isEqualTo("ScimAws");
        assertThat(settings.functionsJar()).isEqualTo(Path.of("../functions/target/functions.jar"));
        assertThat(settings.protectData()).isTrue();
        assertThat(settings.tableEncryption()).isEqualTo(ScimSettings.TableEncryptionChoice.AWS_OWNED);
        assertThat(settings.logRetentionDays()).isEqualTo(30);
        assertThat(settings.authorizerCacheTtlSeconds()).isEqualTo(300);
        assertThat(settings.throttleRateLimit()).isEqualTo(50);
        assertThat(settings.throttleBurstLimit()).isEqualTo(100);
        assertThat(settings.domainName()).isEmpty();
        assertThat(settings.apiGatewayCloudWatchRole()).isTrue();
        assertThat(settings.purgeSchedule()).isEqualTo("rate(1 day)");
        assertThat(settings.purgeRetentionDays()).isEqualTo(30);
        assertThat(settings.memoryMb(FunctionKind.AUTHORIZER)).isEqualTo(512);
        assertThat(settings.memoryMb(FunctionKind.USERS)).isEqualTo(1024);
        assertThat(settings.timeoutSeconds(FunctionKind.PURGE)).isEqualTo(300);
        assertThat(settings.keepWarmMinutes()).isEqualTo(1);
        assertThat(settings.keepWarm()).isTrue();
        for (FunctionKind kind : FunctionKind.values()) {
            assertThat(settings.provisionedConcurrency(kind)).as(kind.name()).isZero();
        }
    }

    @Test
    void keepWarmZeroTurnsThePingsOff() {
        assertThat(settings("keepWarmMinutes", "0").keepWarm()).isFalse();
        assertThat(settings("keepWarmMinutes", 15.0).keepWarmMinutes()).isEqualTo(15);
    }

    @Test
    void readsCommandLineStringsAndCdkJsonNumbersAndBooleans() {
        ScimSettings settings = ScimSettings.fromContext(Map.<String, Object>of(
                "groupsMemoryMb", "1536",
                "discoveryTimeoutSeconds", 15.0,
                "protectData", false,
                "tableEncryption", "Customer-Managed",
                "throttleRateLimit", "12.5",
                "domainName", "scim.example.org",
                "certificateArn", "arn:aws:acm:us-east-1:111122223333:certificate/x")::get);

        assertThat(settings.memoryMb(FunctionKind.GROUPS)).isEqualTo(1536);
        assertThat(settings.timeoutSeconds(FunctionKind.DISCOVERY)).isEqualTo(15);
        assertThat(settings.protectData()).isFalse();
        assertThat(settings.tableEncryption()).isEqualTo(ScimSettings.TableEncryptionChoice.CUSTOMER_MANAGED);
        assertThat(settings.throttleRateLimit()).isEqualTo(12.5);
        assertThat(settings.domainName()).isEqualTo(Optional.of("scim.example.org"));
    }

    @Test
    void rejectsValuesAwsWouldOnlyRejectMidDeployment() {
        assertThatThrownBy(() -> settings("logRetentionDays", "10"))
                .hasMessageContaining("logRetentionDays").hasMessageContaining("14");
        assertThatThrownBy(() -> settings("authorizerCacheTtlSeconds", "7200")).hasMessageContaining("0..3600");
        assertThatThrownBy(() -> settings("usersMemoryMb", "64")).hasMessageContaining("usersMemoryMb");
        assertThatThrownBy(() -> settings("purgeTimeoutSeconds", "1200")).hasMessageContaining("purgeTimeoutSeconds");
        assertThatThrownBy(() -> settings("domainName", "scim.example.org")).hasMessageContaining("certificateArn");
        assertThatThrownBy(() -> settings("purgeSchedule", "daily")).hasMessageContaining("rate(");
        assertThatThrownBy(() -> settings("protectData", "yes")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> settings("tableEncryption", "aws-managed")).hasMessageContaining("customer-managed");
        assertThatThrownBy(() -> settings("throttleBurstLimit", "1.5")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> settings("keepWarmMinutes", "90")).hasMessageContaining("0..60");
        assertThatThrownBy(() -> settings("usersProvisionedConcurrency", "-1")).hasMessageContaining("0..1000");
        // The purge runs off the request path: it has no alias to provision.
        assertThatThrownBy(() -> settings("purgeProvisionedConcurrency", "1")).hasMessageContaining("purgeProvisionedConcurrency");
    }

    private static ScimSettings settings(String key, Object value) {
        return ScimSettings.fromContext(Map.of(key, value)::get);
    }
}
