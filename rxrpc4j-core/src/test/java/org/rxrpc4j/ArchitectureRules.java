package org.rxrpc4j;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

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

    /**
     * Time, sleeping and randomness come only through {@code env}, so that every engine
     * behaviour can be replayed on a virtual clock with a fixed seed.
     */
    static ArchRule noAmbientTimeOrRandomness() {
        return noClasses().that().resideInAPackage(ROOT + "..")
                .and().resideOutsideOfPackage(ROOT + ".env..")
                .should().callMethodWhere(describe("reads the clock, sleeps or uses unseeded randomness",
                        ArchitectureRules::isAmbient))
                .orShould().callConstructorWhere(describe("creates unseeded randomness",
                        ArchitectureRules::isUnseededRandomConstructor))
                .because("the engine never sleeps, never reads the clock and never uses unseeded "
                        + "randomness: time and entropy are injected (design §1)");
    }

    /** Sleeping blocks an I/O or engine thread; nothing in the library may do it. */
    static ArchRule noSleeping() {
        return noClasses().that().resideInAPackage(ROOT + "..")
                .should().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
                .because("the engine is event-driven and must never block");
    }

    private static final Set<String> AMBIENT_METHODS = Set.of(
            "java.lang.System.nanoTime",
            "java.lang.System.currentTimeMillis",
            "java.lang.Thread.sleep",
            "java.lang.Math.random",
            "java.lang.StrictMath.random",
            "java.time.Instant.now",
            "java.time.LocalDateTime.now",
            "java.time.ZonedDateTime.now",
            "java.time.OffsetDateTime.now",
            "java.time.Clock.systemUTC",
            "java.time.Clock.systemDefaultZone",
            "java.util.concurrent.ThreadLocalRandom.current",
            "java.util.UUID.randomUUID");

    private static boolean isAmbient(JavaCall<?> call) {
        String name = call.getTargetOwner().getFullName() + "." + call.getName();
        return AMBIENT_METHODS.contains(name);
    }

    private static boolean isUnseededRandomConstructor(JavaCall<?> call) {
        String owner = call.getTargetOwner().getFullName();
        boolean noArgs = call.getTarget().getRawParameterTypes().isEmpty();
        return owner.equals("java.security.SecureRandom")
                || owner.equals("java.util.SplittableRandom") && noArgs
                || owner.equals("java.util.Random") && noArgs;
    }
}
