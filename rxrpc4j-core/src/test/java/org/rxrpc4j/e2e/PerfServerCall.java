package org.rxrpc4j.e2e;

/**
 * The server side of one rxperf-like call: reads the whole request (counting and digesting
 * it), then sends the reply the request asked for (its first 8 bytes; the pair's default
 * reply size for shorter requests).
 */
final class PerfServerCall extends PerfApp {

    final int index;
    long received;
    long requestDigest = PerfData.DIGEST_INIT;
    long requestedReply;
    boolean eof;
    long eofAtNs = -1;
    SendState reply;
    long replySeed;

    PerfServerCall(SimPair pair, int index) {
        super(pair, pair.server());
        this.index = index;
    }

    @Override
    void step(long nowNs) {
        if (!eof && (completion == null || completion.succeeded())) {
            if (readAll(nowNs, this::onRequest)) {
                eof = true;
                eofAtNs = pair.scheduler().elapsedNs();
                long size = received >= PerfData.HEADER ? requestedReply : pair.defaultReplySize();
                reply = new SendState(Math.min(size, pair.maxReplySize()));
                replySeed = PerfData.replySeed(received, requestDigest);
            }
        }
        if (eof && completion == null && !reply.sentLast) {
            pumpSend(reply, (pos, dst, off, len) -> PerfData.fill(replySeed, pos, dst, off, len), nowNs);
        }
    }

    private void onRequest(byte[] a, int off, int len) {
        for (int i = 0; i < len && received + i < PerfData.HEADER; i++) {
            requestedReply = (requestedReply << 8) | (a[off + i] & 0xff);
        }
        requestDigest = PerfData.digest(requestDigest, a, off, len);
        received += len;
    }

    @Override
    boolean isFinished() {
        return completion != null;
    }

    @Override
    public String toString() {
        return "server#" + index + "[req " + received + (eof ? " eof" : "") + ", reply "
                + (reply == null ? "-" : reply.sent + "/" + reply.total + (reply.sentLast ? " last" : "")) + ", state "
                + (call == null ? "-" : call.state()) + ", " + completion + "]";
    }
}
