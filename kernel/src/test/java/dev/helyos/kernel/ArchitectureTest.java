package dev.helyos.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency arrows of the kernel: only the HTTP layer ({@code api/}), the endpoints and the
 * daemon's wiring know HTTP, and the plugin contracts know nothing of the kernel. (A rule against
 * every package cycle comes with the certificate-lifecycle restructuring, which removes the last ones.)
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
        noClasses().that().resideOutsideOfPackage("dev.helyos.kernel.api..")
                .and().haveSimpleNameNotEndingWith("Endpoints")
                .and().doNotHaveFullyQualifiedName(Daemon.class.getName())
                .should().dependOnClassesThat().resideInAPackage("dev.helyos.kernel.api..")
                .because("capabilities throw dev.helyos.kernel.errors.Refused; api/ turns it into a status")
                .check(kernel);
    }

    @Test
    void thePluginContractsKnowNothingOfTheKernel() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.helyos.kernel..").check(pluginApi);
    }
}
