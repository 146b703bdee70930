package dev.helyos.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency arrows of the kernel: no package cycle; only the endpoints, the HTTP server
 * ({@code server/}) and the daemon's wiring know the HTTP vocabulary ({@code api/}), which itself knows
 * nothing of the capabilities; only {@code server/} knows Helidon; and the plugin contracts know nothing
 * of the kernel. The certificate lifecycle lives in {@code certs/}; {@code acme/} is only the ACME
 * protocol adapter, which knows nothing of routes or the HTTP API.
 */
class ArchitectureTest {
    static JavaClasses kernel;
    static JavaClasses pluginApi;

    @BeforeAll
    static void read() {
        kernel = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.helyos.kernel");
        pluginApi = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.helyos.plugin.api");
    }

    @Test
    void onlyEndpointsAndTheWiringKnowTheHttpLayer() {
        noClasses().that().resideOutsideOfPackages("dev.helyos.kernel.api..", "dev.helyos.kernel.server..")
                .and().haveSimpleNameNotEndingWith("Endpoints")
                .and().doNotHaveFullyQualifiedName(Daemon.class.getName())
                .should().dependOnClassesThat().resideInAPackage("dev.helyos.kernel.api..")
                .because("capabilities throw dev.helyos.kernel.errors.Refused; api/ turns it into a status")
                .check(kernel);
    }

    @Test
    void theHttpVocabularyKnowsNoCapability() {
        classes().that().resideInAPackage("dev.helyos.kernel.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.helyos.kernel.api..", "dev.helyos.kernel.errors..",
                        "java..", "com.fasterxml.jackson..")
                .check(kernel);
    }

    @Test
    void onlyTheServerKnowsHelidon() {
        noClasses().that().resideOutsideOfPackage("dev.helyos.kernel.server..")
                .should().dependOnClassesThat().resideInAPackage("io.helidon..")
                .check(kernel);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.helyos.kernel.(*)..").should().beFreeOfCycles().check(kernel);
    }

    @Test
    void theAcmeAdapterKnowsNoRoutesAndNoHttp() {
        noClasses().that().resideInAPackage("dev.helyos.kernel.acme..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.helyos.kernel.routes..", "dev.helyos.kernel.api..",
                        "dev.helyos.kernel.server..", "dev.helyos.kernel.proxy..", "dev.helyos.kernel.deploy..")
                .check(kernel);
    }

    @Test
    void thePluginContractsKnowNothingOfTheKernel() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.helyos.kernel..").check(pluginApi);
    }
}
