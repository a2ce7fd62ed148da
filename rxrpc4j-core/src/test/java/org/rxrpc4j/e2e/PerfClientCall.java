package org.rxrpc4j.e2e;

import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CompletionType;

/**
 * The client side of one rxperf-like call: sends a request of {@link #requestSize} bytes
 * asking for {@link #replySize} bytes back, then reads the reply and checks every byte of it
 * against what a server that received the request intact must send.
 */
final class PerfClientCall extends PerfApp {

    final int index;
    final long requestSize;
    final long replySize;
    final long requestSeed;
    final long startedAtNs;
    final SendState request;
    long replySeed;
    long received;
    long replyDigest = PerfData.DIGEST_INIT;
    /** Stream position of the first reply byte that was wrong, or -1. */
    long firstMismatch = -1;
    boolean eof;
    long eofAtNs = -1;

    PerfClientCall(SimPair pair, int index, long requestSize, long replySize, long requestSeed) {
        super(pair, pair.client());
        this.index = index;
        this.requestSize = requestSize;
        this.replySize = replySize;
        this.requestSeed = requestSeed;
        this.startedAtNs = pair.scheduler().elapsedNs();
        this.request = new SendState(requestSize);
    }

    void begin(Call c) {
        this.call = c;
        runStep();
    }

    @Override
    void step(long nowNs) {
        if (completion == null && !request.sentLast) {
            pumpSend(request, (pos, dst, off, len) -> PerfData.fillRequest(requestSeed, requestSize, replySize, pos, dst,
                    off, len), nowNs);
            if (request.sentLast) {
                replySeed = PerfData.replySeed(requestSize, request.digest);
            }
        }
        if (!eof && (completion == null || completion.succeeded())) {
            boolean end = readAll(nowNs, this::onReply);
            if (end) {
                eof = true;
                eofAtNs = pair.scheduler().elapsedNs();
            }
        }
    }

    private void onReply(byte[] a, int off, int len) {
        if (!request.sentLast) {
            throw new AssertionError("call " + index + ": reply data before the whole request was queued");
        }
        if (firstMismatch < 0) {
            int bad = PerfData.firstMismatch(replySeed, received, a, off, len);
            if (bad >= 0) {
                firstMismatch = received + bad;
            }
        }
        replyDigest = PerfData.digest(replyDigest, a, off, len);
        received += len;
    }

    @Override
    boolean isFinished() {
        return completion != null && (eof || completion.type() != CompletionType.SUCCEEDED);
    }

    @Override
    public String toString() {
        return "client#" + index + "[req " + request.sent + "/" + requestSize + (request.sentLast ? " last" : "")
                + ", reply " + received + "/" + replySize + (eof ? " eof" : "") + ", state "
                + (call == null ? "-" : call.state()) + ", " + completion + "]";
    }
}
