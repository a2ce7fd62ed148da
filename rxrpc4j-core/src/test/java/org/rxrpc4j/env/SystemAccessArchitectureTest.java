package org.rxrpc4j.env;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only {@link SystemEnvironment} may read the system clocks or make unseeded randomness;
 * everything else gets them from an {@link Environment}, so simulated runs replay exactly.
 * Method references count as well as calls: {@code System::nanoTime} reads the clock too.
 */
class SystemAccessArchitectureTest {

    private static JavaClasses library;

    @BeforeAll
    static void importLibrary() {
        library = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.rxrpc4j");
    }

    private static boolean target(JavaAccess<?> a, String owner, String... names) {
        return a.getTargetOwner().getName().equals(owner) && Set.of(names).contains(a.getName());
    }

    /** A no-argument constructor: the unseeded one, for the random generators. */
    private static boolean unseededConstructor(JavaAccess<?> a, String owner) {
        return target(a, owner, "<init>") && a instanceof JavaCodeUnitAccess<?> c
                && c.getTarget().getRawParameterTypes().isEmpty();
    }

    private static boolean readsSystemClock(JavaAccess<?> a) {
        return target(a, "java.lang.System", "nanoTime", "currentTimeMillis")
                || (a.getTargetOwner().getPackageName().equals("java.time") && a.getName().equals("now"))
                || target(a, "java.time.Clock", "systemUTC", "systemDefaultZone");
    }

    private static boolean makesUnseededRandomness(JavaAccess<?> a) {
        return unseededConstructor(a, "java.security.SecureRandom")
                || target(a, "java.security.SecureRandom", "getInstance", "getInstanceStrong")
                || unseededConstructor(a, "java.util.Random")
                || unseededConstructor(a, "java.util.SplittableRandom")
                || target(a, "java.util.concurrent.ThreadLocalRandom", "current")
                || target(a, "java.lang.Math", "random")
                || target(a, "java.util.UUID", "randomUUID");
    }

    private static ArchCondition<JavaClass> notAccess(String what, Predicate<JavaAccess<?>> forbidden) {
        return new ArchCondition<>("not " + what) {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                Set<JavaAccess<?>> all = new LinkedHashSet<>(c.getAccessesFromSelf());
                all.addAll(c.getCodeUnitReferencesFromSelf());
                for (JavaAccess<?> a : all) {
                    if (forbidden.test(a)) {
                        events.add(SimpleConditionEvent.violated(a, a.getDescription()));
                    }
                }
            }
        };
    }

    @Test
    void onlySystemEnvironmentReadsSystemClocks() {
        classes().that().doNotHaveFullyQualifiedName(SystemEnvironment.class.getName())
                .should(notAccess("read the system clock", SystemAccessArchitectureTest::readsSystemClock))
                .because("the engine gets time from an injected Ticker/WallClock (design §1)")
                .check(library);
    }

    @Test
    void onlySystemEnvironmentMakesUnseededRandomness() {
        classes().that().doNotHaveFullyQualifiedName(SystemEnvironment.class.getName())
                .should(notAccess("make unseeded randomness",
                        SystemAccessArchitectureTest::makesUnseededRandomness))
                .because("the engine gets randomness from an injected Entropy (design §1)")
                .check(library);
    }
}
