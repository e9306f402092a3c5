package dev.scimaws.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.testing.DynamoEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold-start benchmark still builds, launches and reports: one handler, one run, against the packaged
 * jar. Not a timing test: times on a shared CI machine mean nothing, so only the report's shape and the
 * priming proof (a class count, not a time) are checked.
 */
class ColdStartBenchmarkIT {

    @Test
    void runsOnceAndReports(@TempDir Path out) throws Exception {
        ColdStartBenchmark.Report report = ColdStartBenchmark.run(
                new String[] {"--runs", "1", "--handlers", "TokenAuthorizer", "--out", out.toString()}, DynamoEngine.get());

        assertThat(report.runs()).as("one handler run and its floor").hasSize(2);
        assertThat(report.runs()).allSatisfy(run -> assertThat(run.sum()).isPositive());
        assertThat(report.markdown()).contains("| TokenAuthorizer |", "## Priming proof", "`authorizer/allow.json`");
        assertThat(Files.readString(report.file())).isEqualTo(report.markdown());
        assertThat(report.proofs()).as("every proof event answered as expected")
                .allSatisfy(proof -> assertThat(proof.statusOk()).isTrue());
        assertThat(report.proofs()).as("priming leaves at most 50 classes to load on the first request")
                .allSatisfy(proof -> assertThat(proof.classesLoaded()).isLessThanOrEqualTo(ColdStartBenchmark.CLASSES_AFTER_PRIMING_TARGET));
    }
}
