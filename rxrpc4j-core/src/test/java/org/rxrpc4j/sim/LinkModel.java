package org.rxrpc4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.rxrpc4j.wire.RxHeader;

/**
 * What a link does to datagrams: an immutable, ordered list of {@link LinkStage stage}
 * factories. Each method returns a new model with one more stage at the end, so models
 * compose left to right:
 *
 * <pre>{@code
 * LinkModel wan = LinkModel.perfect().mtu(1444).loss(0.01).delay(20_000_000, 2_000_000);
 * }</pre>
 *
 * <p>A model holds no state and no randomness. {@link SimNetwork} instantiates it once per
 * link direction, giving every stage its own entropy derived from the network seed and the
 * two addresses, so a link's behaviour does not depend on what other links did.
 */
public final class LinkModel {

    private static final LinkModel PERFECT = new LinkModel(List.of());

    private final List<LinkStage.Factory> stages;

    private LinkModel(List<LinkStage.Factory> stages) {
        this.stages = List.copyOf(stages);
    }

    /** @return a link that delivers everything at once, in order, intact */
    public static LinkModel perfect() {
        return PERFECT;
    }

    /** @return a model of the given stages, in order */
    public static LinkModel of(LinkStage.Factory... stages) {
        return new LinkModel(List.of(stages));
    }

    /** @return the stage factories, in order */
    public List<LinkStage.Factory> stages() {
        return stages;
    }

    /** @return this model followed by {@code stage} */
    public LinkModel then(LinkStage.Factory stage) {
        List<LinkStage.Factory> s = new ArrayList<>(stages);
        s.add(stage);
        return new LinkModel(s);
    }

    /** @return this model's stages followed by {@code other}'s */
    public LinkModel andThen(LinkModel other) {
        List<LinkStage.Factory> s = new ArrayList<>(stages);
        s.addAll(other.stages);
        return new LinkModel(s);
    }

    /** @see LinkStages#loss(double) */
    public LinkModel loss(double rate) {
        return then(LinkStages.loss(rate));
    }

    /** @see LinkStages#dropEveryNth(int) */
    public LinkModel dropEveryNth(int n) {
        return then(LinkStages.dropEveryNth(n));
    }

    /** @see LinkStages#dropIf(String, Predicate) */
    public LinkModel dropIf(String name, Predicate<RxHeader> predicate) {
        return then(LinkStages.dropIf(name, predicate));
    }

    /** @see LinkStages#reorder(double, long) */
    public LinkModel reorder(double p, long holdNs) {
        return then(LinkStages.reorder(p, holdNs));
    }

    /** @see LinkStages#duplicate(double) */
    public LinkModel duplicate(double p) {
        return then(LinkStages.duplicate(p));
    }

    /** @see LinkStages#corrupt(double, int) */
    public LinkModel corrupt(double p, int bits) {
        return then(LinkStages.corrupt(p, bits));
    }

    /** A fixed delay; see {@link LinkStages#delay(long, long)}. */
    public LinkModel delay(long ns) {
        return then(LinkStages.delay(ns, 0));
    }

    /** @see LinkStages#delay(long, long) */
    public LinkModel delay(long baseNs, long jitterNs) {
        return then(LinkStages.delay(baseNs, jitterNs));
    }

    /** @see LinkStages#mtu(int) */
    public LinkModel mtu(int bytes) {
        return then(LinkStages.mtu(bytes));
    }

    /** @see LinkStages#bandwidth(long) */
    public LinkModel bandwidth(long bitsPerSecond) {
        return then(LinkStages.bandwidth(bitsPerSecond));
    }

    @Override
    public String toString() {
        return "LinkModel[" + stages.size() + " stages]";
    }
}
