package org.rxrpc4j.rules;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the last packets of the failed rule test's wiretap (decoded), next to the seed report. */
final class WireDumpOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        context.getTestInstance().filter(RulesSimBase.class::isInstance).map(RulesSimBase.class::cast)
                .map(t -> t.world).ifPresent(w -> System.err.println( // test code: where a developer looks
                        "wire of " + context.getDisplayName() + ":" + w.wire(80)));
    }
}
