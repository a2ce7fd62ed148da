package org.rxrpc4j.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The leak detector of every test JVM of rxrpc4j-core, installed by the surefire configuration
 * through Netty's {@code io.netty.customResourceLeakDetector} property. It logs a leak as Netty's
 * own detector does and also records it, so that {@link NettyLeakCheck} can fail the test that
 * was running when Netty noticed it. (Netty by itself only logs: at PARANOID a leak shows up as
 * an ERROR line and the build stays green.)
 *
 * @param <T> the tracked resource type
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();
    private static volatile boolean installed;

    /** The constructor Netty's factory looks for. */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        installed = true;
    }

    /** The older constructor, which Netty's factory tries first. */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** @return whether Netty made at least one detector of this class (the property took effect) */
    public static boolean installed() {
        return installed;
    }

    /** @return the leaks reported since the last call, and forgets them */
    public static List<String> drain() {
        List<String> out = new ArrayList<>();
        for (String s; (s = LEAKS.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }

    @Override
    protected boolean needReport() {
        return true; // record even if the logger's ERROR level is off
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " leaked; recent accesses:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " leaked (no access records)");
        super.reportUntracedLeak(resourceType);
    }
}
