package dev.scimaws.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the layers visible: SCIM protocol code knows nothing of Lambda or DynamoDB, storage nothing of HTTP. */
class DependencyRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.scimaws");

    @Test
    void scimLayerIsFreeOfAwsTypes() {
        noClasses().that().resideInAPackage("dev.scimaws.scim..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "dev.scimaws.store..", "dev.scimaws.handler..")
                .check(MAIN);
    }

    @Test
    void storeDoesNotKnowHandlersOrLambda() {
        noClasses().that().resideInAPackage("dev.scimaws.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.scimaws.handler..", "com.amazonaws..")
                .check(MAIN);
    }

    @Test
    void onlyHandlersTouchLambdaTypes() {
        noClasses().that().resideOutsideOfPackage("dev.scimaws.handler..")
                .should().dependOnClassesThat().resideInAnyPackage("com.amazonaws.services.lambda..")
                .check(MAIN);
    }

    /** Priming is the handlers' helper, never the other way round: it knows no entry point, no Lambda type. */
    @Test
    void primingKnowsNoHandler() {
        noClasses().that().resideInAPackage("dev.scimaws.priming..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.scimaws.handler..")
                .check(MAIN);
    }

    /** The Lambda jar carries no development tool: those live in src/dev/java, compiled with the tests. */
    @Test
    void mainCodeUsesNoDevelopmentTool() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.scimaws.local..", "dev.scimaws.perf..", "dev.scimaws.testing..")
                .check(MAIN);
    }

    @Test
    void eventsUseCaseIsFreeOfAwsTypesAndStorage() {
        noClasses().that().resideInAPackage("dev.scimaws.events..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "dev.scimaws.store..", "dev.scimaws.handler..",
                        "dev.scimaws.bus..")
                .check(MAIN);
    }
}
