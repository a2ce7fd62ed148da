package org.rxrpc4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves that each architecture rule rejects a real violation, so that {@link ArchitectureTest}
 * cannot pass merely because a rule matches nothing. The violating classes live in
 * {@code archfixture} packages of the test sources and are never part of the library.
 */
class ArchitectureRulesSelfTest {

    private static JavaClasses fixtures;

    @BeforeAll
    static void importFixtures() {
        fixtures = new ClassFileImporter().importPackages(
                "org.rxrpc4j.wire.archfixture",
                "org.rxrpc4j.call.archfixture",
                "org.rxrpc4j.conn.archfixture");
    }

    private static String violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(fixtures);
        assertThat(result.hasViolation()).as("rule %s must reject the fixture", rule).isTrue();
        return String.join("\n", result.getFailureReport().getDetails());
    }

    @Test
    void layerRuleRejectsWireDependingOnConn() {
        assertThat(violations(ArchitectureRules.packageDependencies()))
                .contains("WireReachesIntoConn").contains("ConnLeaf");
    }

    @Test
    void wireRuleRejectsForeignDependencies() {
        assertThat(violations(ArchitectureRules.wireUsesOnlyJdkAndNettyBuffers()))
                .contains("WireReachesIntoConn");
    }

    @Test
    void consoleRuleRejectsSystemOut() {
        assertThat(violations(ArchitectureRules.noConsoleOutput())).contains("PrintsAndReadsClock");
    }

    @Test
    void ambientRuleRejectsClockAndRandomness() {
        String report = violations(ArchitectureRules.noAmbientTimeOrRandomness());
        assertThat(report).contains("System.nanoTime()").contains("Instant.now()")
                .contains("Random.<init>()").contains("System.currentTimeMillis()");
    }

    @Test
    void sleepRuleRejectsThreadSleep() {
        assertThat(violations(ArchitectureRules.noSleeping())).contains("Thread.sleep(long)")
                .contains("TimeUnit.sleep(long)");
    }
}
