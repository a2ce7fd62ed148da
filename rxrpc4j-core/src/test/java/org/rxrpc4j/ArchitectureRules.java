package org.rxrpc4j;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The project's architecture as executable rules (docs/architecture.md, "Packages").
 *
 * <p>Kept apart from the tests that apply them so that a self-test can prove each rule
 * really rejects a violation.
 */
final class ArchitectureRules {

    private static final String ROOT = "org.rxrpc4j";

    private ArchitectureRules() {}

    /** The package dependency table of the design: who may depend on whom. */
    static ArchRule packageDependencies() {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("api").definedBy(ROOT)
                .layer("wire").definedBy(ROOT + ".wire..")
                .layer("env").definedBy(ROOT + ".env..")
                .layer("config").definedBy(ROOT + ".config..")
                .layer("trace").definedBy(ROOT + ".trace..")
                .layer("view").definedBy(ROOT + ".view..")
                .layer("io").definedBy(ROOT + ".io..")
                .layer("security").definedBy(ROOT + ".security..")
                .layer("peer").definedBy(ROOT + ".peer..")
                .layer("call").definedBy(ROOT + ".call..")
                .layer("conn").definedBy(ROOT + ".conn..")
                .layer("local").definedBy(ROOT + ".local..")
                .layer("debug").definedBy(ROOT + ".debug..")
                .layer("namespace").definedBy(ROOT + ".namespace..")
                .whereLayer("wire").mayOnlyAccessLayers("wire")
                .whereLayer("env").mayOnlyAccessLayers("env")
                .whereLayer("config").mayOnlyAccessLayers("config")
                .whereLayer("trace").mayOnlyAccessLayers("trace", "wire")
                .whereLayer("view").mayOnlyAccessLayers("view", "wire")
                .whereLayer("io").mayOnlyAccessLayers("io", "env", "trace")
                .whereLayer("security").mayOnlyAccessLayers("security", "wire", "env", "config", "trace")
                .whereLayer("peer").mayOnlyAccessLayers("peer", "wire", "env", "config", "trace", "view")
                .whereLayer("call").mayOnlyAccessLayers(
                        "call", "peer", "security", "wire", "env", "config", "trace", "view")
                .whereLayer("conn").mayOnlyAccessLayers(
                        "conn", "call", "peer", "security", "wire", "env", "config", "trace", "view")
                .whereLayer("debug").mayOnlyAccessLayers("debug", "wire", "view", "env", "trace")
                .whereLayer("local").mayOnlyAccessLayers(
                        "local", "conn", "call", "peer", "security", "debug", "io",
                        "wire", "env", "config", "trace", "view")
                .whereLayer("namespace").mayOnlyAccessLayers(
                        "namespace", "local", "conn", "call", "peer", "security", "debug", "io",
                        "wire", "env", "config", "trace", "view")
                .whereLayer("api").mayNotBeAccessedByAnyLayer();
    }

    /** The wire codecs are pure functions over Netty buffers: JDK and netty-buffer only. */
    static ArchRule wireUsesOnlyJdkAndNettyBuffers() {
        return noClasses().that().resideInAPackage(ROOT + ".wire..")
                .should().dependOnClassesThat(describe("outside the JDK, netty-buffer and wire",
                        (JavaClass c) -> !c.getPackageName().startsWith("java.")
                                && !c.getPackageName().startsWith("io.netty.buffer")
                                && !c.getPackageName().startsWith("io.netty.util")
                                && !c.getPackageName().startsWith(ROOT + ".wire")
                                && !c.isPrimitive()
                                && !c.isArray()))
                .because("wire holds pure codecs that any layer can use (design §3)");
    }

    /** Library code logs through SLF4J and never prints. */
    static ArchRule noConsoleOutput() {
        return noClasses().that().resideInAPackage(ROOT + "..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .because("the library logs through SLF4J and traces through JFR");
    }

    /** The one class allowed to read the real clocks and make unseeded randomness. */
    static final String SYSTEM_ENVIRONMENT = ROOT + ".env.SystemEnvironment";

    /**
     * Time and randomness come only from an injected {@code Environment}, so that every engine
     * behaviour can be replayed on a virtual clock with a fixed seed. Method references count
     * as well as calls: {@code System::nanoTime} reads the clock too.
     */
    static ArchRule noAmbientTimeOrRandomness() {
        return classes().that().resideInAPackage(ROOT + "..")
                .and().doNotHaveFullyQualifiedName(SYSTEM_ENVIRONMENT)
                .should(notAccess("read the clock or make unseeded randomness",
                        a -> readsSystemClock(a) || makesUnseededRandomness(a)))
                .because("the engine never reads the clock and never uses unseeded randomness: "
                        + "time and entropy are injected (design §1)");
    }

    /** Sleeping blocks an I/O or engine thread; nothing in the library may do it. */
    static ArchRule noSleeping() {
        return noClasses().that().resideInAPackage(ROOT + "..")
                .should().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
                .orShould().callMethod(java.util.concurrent.TimeUnit.class, "sleep", long.class)
                .because("the engine is event-driven and must never block");
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
                || a.getTargetOwner().getPackageName().equals("java.time") && a.getName().equals("now")
                || target(a, "java.time.Clock", "systemUTC", "systemDefaultZone");
    }

    private static boolean makesUnseededRandomness(JavaAccess<?> a) {
        return unseededConstructor(a, "java.security.SecureRandom")
                || target(a, "java.security.SecureRandom", "getInstance", "getInstanceStrong")
                || unseededConstructor(a, "java.util.Random")
                || unseededConstructor(a, "java.util.SplittableRandom")
                || target(a, "java.util.concurrent.ThreadLocalRandom", "current")
                || target(a, "java.lang.Math", "random")
                || target(a, "java.lang.StrictMath", "random")
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
}
