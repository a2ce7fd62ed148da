package org.rxrpc4j.rules;

import org.rxrpc4j.config.RxConfig;

/** RxConfig with one or two values changed from the defaults. */
final class Configs {

    private int rxWindow;
    private int txMaxWindow;
    private int initialCwnd;
    private int maxDataPerPacket;
    private int jumboMax;
    private int maxMtu;
    private int ifMtu;
    private long softAckDelayNs;
    private long idleAckDelayNs;
    private long normalTimeoutNs;
    private long initialRtoNs;
    private long minRtoNs;
    private long maxRtoNs;
    private int txBufferPackets;
    private int defaultBacklog;
    private long finalAckDelayNs;

    private Configs(RxConfig c) {
        rxWindow = c.rxWindow();
        txMaxWindow = c.txMaxWindow();
        initialCwnd = c.initialCwnd();
        maxDataPerPacket = c.maxDataPerPacket();
        jumboMax = c.jumboMax();
        maxMtu = c.maxMtu();
        ifMtu = c.ifMtu();
        softAckDelayNs = c.softAckDelayNs();
        idleAckDelayNs = c.idleAckDelayNs();
        normalTimeoutNs = c.normalTimeoutNs();
        initialRtoNs = c.initialRtoNs();
        minRtoNs = c.minRtoNs();
        maxRtoNs = c.maxRtoNs();
        txBufferPackets = c.txBufferPackets();
        defaultBacklog = c.defaultBacklog();
        finalAckDelayNs = c.finalAckDelayNs();
    }

    static Configs defaults() {
        return new Configs(RxConfig.defaults());
    }

    Configs rxWindow(int v) {
        rxWindow = v;
        return this;
    }

    Configs normalTimeoutNs(long v) {
        normalTimeoutNs = v;
        return this;
    }

    Configs maxDataPerPacket(int v) {
        maxDataPerPacket = v;
        return this;
    }

    Configs txBufferPackets(int v) {
        txBufferPackets = v;
        return this;
    }

    RxConfig build() {
        return new RxConfig(rxWindow, txMaxWindow, initialCwnd, maxDataPerPacket, jumboMax, maxMtu, ifMtu,
                softAckDelayNs, idleAckDelayNs, normalTimeoutNs, initialRtoNs, minRtoNs, maxRtoNs,
                txBufferPackets, defaultBacklog, finalAckDelayNs);
    }
}
