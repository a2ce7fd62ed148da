package org.rxrpc4j.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector reported a buffer that was garbage-collected without
 * being released. Registered for every test of rxrpc4j-core by JUnit's extension auto-detection
 * (the surefire configuration turns it on; the service file names this class).
 *
 * <p>Netty notices a leak only after the garbage collector has found the buffer and a later
 * allocation polls for it, so a leak is reported by the test that is running then: after each
 * test whatever was recorded fails it, and after each class a collection is forced so that the
 * class's own leaks are reported before the next class starts.
 */
public final class NettyLeakCheck implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        failIfAny(RecordingLeakDetector.drain(), context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        failIfAny(collect(), context.getDisplayName());
    }

    /**
     * Forces a collection and lets Netty poll for leaked buffers.
     *
     * @return the leaks reported since the last drain
     */
    public static List<String> collect() throws InterruptedException {
        check();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(5); // test code: the reference handler thread enqueues what the GC found
            track().release(); // every tracked allocation at PARANOID polls for leaks
        }
        return RecordingLeakDetector.drain();
    }

    private static void check() {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new AssertionError("Netty leak detection is " + ResourceLeakDetector.getLevel()
                    + ", not PARANOID: run the tests through Maven (the pom sets it)");
        }
        track().release(); // makes sure Netty has created its ByteBuf detector
        if (!RecordingLeakDetector.installed()) {
            throw new AssertionError("Netty does not use " + RecordingLeakDetector.class.getName()
                    + ": io.netty.customResourceLeakDetector is not set (the pom sets it)");
        }
    }

    /**
     * @return a buffer Netty tracks. (Only pooled and direct buffers are: the unpooled heap
     *     buffers of the simulator's endpoints are not, which is why those are checked by their
     *     allocator's byte count instead.)
     */
    static ByteBuf track() {
        return PooledByteBufAllocator.DEFAULT.heapBuffer(1);
    }

    static void failIfAny(List<String> leaks, String test) {
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) during or before "
                    + test + ":\n" + String.join("\n", leaks));
        }
    }
}
