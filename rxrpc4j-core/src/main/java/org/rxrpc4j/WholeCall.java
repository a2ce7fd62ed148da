package org.rxrpc4j;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallListener;
import org.rxrpc4j.call.CallState;
import org.rxrpc4j.env.TimerQueue;
import org.rxrpc4j.wire.AbortCodes;

/**
 * A client call with the whole request at hand and the whole reply collected, driven entirely on
 * the endpoint's loop thread: no application thread waits for it.
 */
final class WholeCall implements CallListener {

    private final EndpointCore endpoint;
    private final ByteBuf request;
    private final CallOptions options;
    private final CompletableFuture<byte[]> result;
    private ByteBuf reply;
    private Call call;
    private TimerQueue.Entry<LongConsumer> hardTimer;
    private boolean requestDone;

    WholeCall(EndpointCore endpoint, byte[] request, CallOptions options, CompletableFuture<byte[]> result) {
        this.endpoint = endpoint;
        this.request = Unpooled.wrappedBuffer(request);
        this.options = options;
        this.result = result;
    }

    /** Starts the call (loop thread). */
    void start(InetSocketAddress peer, int serviceId) {
        long now = endpoint.nowNs();
        try {
            call = endpoint.engine().makeCall(peer, serviceId, this, now);
        } catch (RuntimeException e) {
            fail(new RxCallException(new RxCompletion(RxCompletion.Type.LOCAL_ERROR, 0,
                    "cannot start the call: " + e.getMessage())));
            return;
        }
        hardTimer = HardTimeout.arm(endpoint, call, options, now);
        sendMore(now);
    }

    private void sendMore(long now) {
        if (requestDone || call.state() == CallState.COMPLETE) {
            return;
        }
        if (call.sendSpace() > 0) {
            call.send(request, true, now);
            requestDone = !request.isReadable();
        }
    }

    @Override
    public void onWritable(Call c) {
        sendMore(endpoint.nowNs());
    }

    @Override
    public void onReadable(Call c) {
        drain();
    }

    /** Collects what the call has received; false once the reply outgrew its cap. */
    private boolean drain() {
        long now = endpoint.nowNs();
        int cap = options.maxReplyBytes();
        while (true) {
            int avail = call.readableBytes();
            if (avail == 0) {
                return true;
            }
            if (reply == null) {
                reply = Unpooled.buffer(Math.min(avail, cap), Math.max(cap, 1));
            }
            if (reply.readableBytes() + (long) avail > cap) {
                call.abort(AbortCodes.RXGEN_CC_UNMARSHAL, "reply longer than " + cap + " bytes", now);
                return false;
            }
            reply.ensureWritable(avail);
            if (call.read(reply, now) <= 0) {
                return true;
            }
        }
    }

    @Override
    public void onComplete(Call c) {
        HardTimeout.cancel(endpoint, hardTimer);
        RxCompletion completion = RxCompletion.of(c.completion());
        if (!completion.succeeded()) {
            fail(completion.toException());
            return;
        }
        boolean fits = drain();
        c.releaseUnread(); // what is beyond the cap
        if (!fits) {
            fail(new RxCallException(new RxCompletion(RxCompletion.Type.LOCAL_ERROR, 0,
                    "the reply is longer than the " + options.maxReplyBytes() + " bytes allowed")));
            return;
        }
        byte[] bytes = bytes();
        // Completed here, on the I/O thread: a waiting caller wakes one thread hop sooner.
        result.complete(bytes);
    }

    private byte[] bytes() {
        if (reply == null) {
            return new byte[0];
        }
        if (reply.hasArray() && reply.arrayOffset() == 0 && reply.readerIndex() == 0
                && reply.writerIndex() == reply.array().length) {
            return reply.array();
        }
        byte[] b = new byte[reply.readableBytes()];
        reply.getBytes(reply.readerIndex(), b);
        return b;
    }

    private void fail(RxCallException error) {
        result.completeExceptionally(error);
    }
}
