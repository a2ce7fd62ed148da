package org.rxrpc4j.sim;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A simulation test: a {@link Test} that may take a {@link Sim} parameter (seed, scheduler,
 * network). The seed is fixed per test (derived from its class and method name unless
 * {@link #seed()} is given) and overridden by {@code -Drxrpc4j.sim.seed=N}. When the test
 * fails, the seed and the last {@link #traceEvents()} trace events are printed so the run can
 * be replayed:
 *
 * <pre>mvn -pl rxrpc4j-core test -Dtest=FooSimTest#bar -Drxrpc4j.sim.seed=N</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(SimSeedExtension.class)
public @interface SimTest {

    /** Marks "no seed given": derive one from the test's name. */
    long DERIVED = Long.MIN_VALUE;

    /** @return the seed to use unless the system property overrides it */
    long seed() default DERIVED;

    /** @return how many of the last trace events to print on failure */
    int traceEvents() default 60;
}
