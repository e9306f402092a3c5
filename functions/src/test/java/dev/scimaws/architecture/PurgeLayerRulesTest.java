package dev.scimaws.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The purge logic runs without Lambda and DynamoDB: its storage is the PurgeStore port. */
class PurgeLayerRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.scimaws");

    @Test
    void purgeLogicIsFreeOfAwsTypesAndAdapters() {
        noClasses().that().resideInAPackage("dev.scimaws.purge..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "dev.scimaws.store..", "dev.scimaws.handler..")
                .check(MAIN);
    }
}
