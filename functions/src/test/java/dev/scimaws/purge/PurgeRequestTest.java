package dev.scimaws.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scimaws.scim.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PurgeRequestTest {

    private static final PurgeSettings DEFAULTS = new PurgeSettings(30, false, 10_000, 100);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(String name) throws Exception {
        Path file = Path.of(System.getProperty("scim.events.dir", "../events"), "purge", name);
        return Json.MAPPER.readValue(Files.readString(file), Map.class);
    }

    @Test
    void scheduledEventRunsWithTheConfiguredDefaults() throws Exception {
        assertThat(PurgeRequest.from(event("scheduled.json"), DEFAULTS)).isEqualTo(new PurgeRequest(30, false, null));
        assertThat(PurgeRequest.from(event("scheduled.json"), new PurgeSettings(7, true, 0, 10)))
                .isEqualTo(new PurgeRequest(7, true, null));
    }

    @Test
    void sampleManualPayloadsOverrideOneFieldEach() throws Exception {
        assertThat(PurgeRequest.from(event("dry-run.json"), DEFAULTS)).isEqualTo(new PurgeRequest(30, true, null));
        assertThat(PurgeRequest.from(event("purge-now.json"), DEFAULTS)).isEqualTo(new PurgeRequest(0, false, null));
    }

    @Test
    void emptyOrMissingPayloadTakesTheDefaults() {
        assertThat(PurgeRequest.from(null, DEFAULTS)).isEqualTo(new PurgeRequest(30, false, null));
        assertThat(PurgeRequest.from(Map.of(), DEFAULTS)).isEqualTo(new PurgeRequest(30, false, null));
    }

    @Test
    void everyManualFieldIsRead() {
        assertThat(PurgeRequest.from(Map.of("dryRun", false, "retentionDays", 90, "tenant", "acme"),
                new PurgeSettings(30, true, 0, 10))).isEqualTo(new PurgeRequest(90, false, "acme"));
        assertThat(PurgeRequest.from(Map.of("dryRun", "TRUE", "retentionDays", "14"), DEFAULTS))
                .isEqualTo(new PurgeRequest(14, true, null));
        assertThat(PurgeRequest.from(Map.of("retentionDays", 7.0), DEFAULTS).retentionDays()).isEqualTo(7);
    }

    @Test
    void aMisspeltFieldIsRejectedNotIgnored() {
        assertThatThrownBy(() -> PurgeRequest.from(Map.of("dryrun", true), DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dryrun");
    }

    @Test
    void malformedValuesAreRejected() {
        Map<String, Object> nullTenant = new HashMap<>();
        nullTenant.put("tenant", null);
        assertThat(PurgeRequest.from(nullTenant, DEFAULTS).tenant()).isNull();
        for (Map<String, Object> payload : java.util.List.<Map<String, Object>>of(
                Map.of("retentionDays", -1), Map.of("retentionDays", 1.5), Map.of("retentionDays", "soon"),
                Map.of("retentionDays", 10_000_000), Map.of("dryRun", "yes"), Map.of("dryRun", 1),
                Map.of("tenant", ""), Map.of("tenant", "a#b"), Map.of("tenant", 5))) {
            assertThatThrownBy(() -> PurgeRequest.from(payload, DEFAULTS)).as(payload.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void settingsComeFromTheEnvironmentWithDefaults() {
        assertThat(PurgeSettings.fromEnvironment(name -> null)).isEqualTo(PurgeSettings.defaults());
        Map<String, String> env = Map.of(PurgeSettings.RETENTION_DAYS_ENV, "0", PurgeSettings.DRY_RUN_ENV, "true",
                PurgeSettings.SAFETY_MARGIN_ENV, "2500");
        assertThat(PurgeSettings.fromEnvironment(env::get)).isEqualTo(new PurgeSettings(0, true, 2500, 100));
        assertThatThrownBy(() -> PurgeSettings.fromEnvironment(Map.of(PurgeSettings.DRY_RUN_ENV, "maybe")::get))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PurgeSettings.fromEnvironment(Map.of(PurgeSettings.RETENTION_DAYS_ENV, "-3")::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
