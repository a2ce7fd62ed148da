package org.rxrpc4j.interop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs real OpenAFS pieces: the programs named here on the
 * {@code PATH}, and (unless {@link #cell()} is false) the running cell named by
 * {@code OPENAFS_ENV_FILE}. Missing pieces skip the class, or fail it under
 * {@code RXRPC4J_INTEROP=required}. Test methods and lifecycle methods may take an
 * {@link OpenAfsCell} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OpenAfsExtension.class)
public @interface OpenAfs {

    /** @return the OpenAFS programs the tests run, e.g. {@code pts} */
    String[] programs() default {};

    /** @return whether the tests need the running cell */
    boolean cell() default true;
}
