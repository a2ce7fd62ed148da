package org.rxrpc4j.call.archfixture;

import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Deliberate violations for ArchitectureRulesSelfTest; never part of the library. */
public final class PrintsAndReadsClock {
    public long violate() throws InterruptedException {
        System.out.println("engine code must not print");
        Thread.sleep(1);
        TimeUnit.MILLISECONDS.sleep(1); // the same sleep by another name
        LongSupplier wallClock = System::currentTimeMillis; // a reference reads the clock too
        return wallClock.getAsLong() + System.nanoTime() + Instant.now().getEpochSecond() + new Random().nextInt();
    }
}
