package dev.mycelium.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the module dependencies of design.md: spi <- core <- app, extensions see spi only. */
class ArchitectureTest {

    private static final String[] FRAMEWORKS = {"io.quarkus..", "io.vertx..", "jakarta..", "javax.ws..", "picocli.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mycelium");
    }

    @Test
    void spiDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("dev.mycelium.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.mycelium.core..", "dev.mycelium.app..",
                        "dev.mycelium.transport..", "dev.mycelium.tun..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.mycelium.spi..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .check(classes);
    }

    @Test
    void coreIsAPlainLibrary() {
        noClasses().that().resideInAPackage("dev.mycelium.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.mycelium.app..",
                        "dev.mycelium.transport..", "dev.mycelium.tun..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.mycelium.core..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .check(classes);
    }

    @Test
    void extensionsSeeOnlyTheSpi() {
        noClasses().that().resideInAnyPackage("dev.mycelium.transport..", "dev.mycelium.tun..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.mycelium.core..", "dev.mycelium.app..",
                        "dev.mycelium.testkit..")
                .check(classes);
    }

    @Test
    void productionCodeNeverUsesTheTestkit() {
        noClasses().that().resideOutsideOfPackage("dev.mycelium.testkit..")
                .should().dependOnClassesThat().resideInAPackage("dev.mycelium.testkit..")
                .check(classes);
    }
}
