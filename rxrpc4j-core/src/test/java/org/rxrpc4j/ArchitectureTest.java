package org.rxrpc4j;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Applies {@link ArchitectureRules} to the library's production classes. */
class ArchitectureTest {

    private static JavaClasses library;

    @BeforeAll
    static void importLibrary() {
        library = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.rxrpc4j");
    }

    @Test
    void packagesDependOnlyAsTheDesignAllows() {
        ArchitectureRules.packageDependencies().check(library);
    }

    @Test
    void wireDependsOnlyOnJdkAndNettyBuffers() {
        ArchitectureRules.wireUsesOnlyJdkAndNettyBuffers().check(library);
    }

    @Test
    void libraryNeverPrintsToTheConsole() {
        ArchitectureRules.noConsoleOutput().check(library);
    }

    @Test
    void timeAndRandomnessComeOnlyFromEnv() {
        ArchitectureRules.noAmbientTimeOrRandomness().check(library);
    }

    @Test
    void libraryNeverSleeps() {
        ArchitectureRules.noSleeping().check(library);
    }
}
