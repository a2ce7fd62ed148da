package org.rxrpc4j.sim;

import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Supplies {@link Sim} parameters with a reproducible seed and, when the test fails, reports
 * the seed and the last trace events (on stderr, as a report entry and as a suppressed
 * exception on the failure, so surefire's report shows it too). Used through
 * {@link SimTest}; add it with {@code @ExtendWith} to parameterized or repeated tests.
 */
public final class SimSeedExtension
        implements ParameterResolver, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler,
        AfterEachCallback {

    /** System property that overrides every test's seed (decimal, or hex with 0x). */
    public static final String SEED_PROPERTY = "rxrpc4j.sim.seed";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SimSeedExtension.class);

    /** The failure report, attached to the failure as a suppressed exception. */
    static final class SimReplayInfo extends RuntimeException {
        SimReplayInfo(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param override the system property's value, or null
     * @param annotated {@link SimTest#seed()}, or {@link SimTest#DERIVED}
     * @param testName a stable name of the test (class#method)
     * @return the seed to use
     */
    static long resolveSeed(String override, long annotated, String testName) {
        if (override != null && !override.isBlank()) {
            return Long.decode(override.trim());
        }
        if (annotated != SimTest.DERIVED) {
            return annotated;
        }
        // String.hashCode is specified, so the derived seed is the same on every JVM
        return SimNetwork.derive(testName.hashCode(), testName.length(), 0, 0);
    }

    private static Optional<SimTest> annotation(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.getAnnotation(SimTest.class));
    }

    private static String testName(ExtensionContext context) {
        String cls = context.getRequiredTestClass().getName();
        return cls + "#" + context.getTestMethod().map(Method::getName).orElse("?");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Sim.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NS);
        Sim sim = store.get(Sim.class, Sim.class);
        if (sim == null) {
            long annotated = annotation(context).map(SimTest::seed).orElse(SimTest.DERIVED);
            sim = new Sim(resolveSeed(System.getProperty(SEED_PROPERTY), annotated, testName(context)));
            store.put(Sim.class, sim);
        }
        return sim;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        report(context, throwable);
        throw throwable;
    }

    /** A failing {@code @AfterEach} (a leak check, say) gets the same report as the test. */
    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        report(context, throwable);
        throw throwable;
    }

    private static void report(ExtensionContext context, Throwable throwable) {
        Sim sim = context.getStore(NS).get(Sim.class, Sim.class);
        if (sim == null) {
            return;
        }
        int events = annotation(context).map(SimTest::traceEvents).orElse(60);
        String name = testName(context);
        String report = "simulation failed: " + name + " seed=" + sim.seed() + "\n  replay: mvn -pl rxrpc4j-core test -Dtest="
                + name.substring(name.lastIndexOf('.') + 1) + " -D" + SEED_PROPERTY + "=" + sim.seed() + "\n"
                + sim.report(events);
        System.err.println(report); // test code: the console is where a developer looks first
        context.publishReportEntry(SEED_PROPERTY, Long.toString(sim.seed()));
        throwable.addSuppressed(new SimReplayInfo(report));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Sim sim = context.getStore(NS).remove(Sim.class, Sim.class);
        if (sim != null) {
            sim.close();
        }
    }
}
