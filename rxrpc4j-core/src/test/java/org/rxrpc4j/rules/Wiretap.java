package org.rxrpc4j.rules;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.LinkStage;

/**
 * Records every datagram put on a tapped link, in send order, and notes which arrived and when.
 * {@link #wrap} puts a recording stage in front of a link model and a delivery stage after it,
 * so what the link drops shows up as sent but not delivered.
 */
public final class Wiretap {

    private final List<WirePacket> packets = new ArrayList<>();
    private final Map<Long, WirePacket> byTransit = new HashMap<>();

    /** @return {@code model} with recording stages around it */
    public LinkModel wrap(LinkModel model) {
        LinkStage.Factory head = entropy -> (t, next) -> {
            WirePacket p = new WirePacket(t.elapsedNs(), t.from(), t.to(), t.content());
            packets.add(p);
            byTransit.put(t.id(), p);
            next.accept(t);
        };
        LinkStage.Factory tail = entropy -> (t, next) -> {
            WirePacket p = byTransit.remove(t.id());
            if (p != null) {
                p.delivered(t.elapsedNs() + t.delayNs());
            }
            next.accept(t);
        };
        return LinkModel.of(head).andThen(model).then(tail);
    }

    /** @return every packet sent on a tapped link so far, in send order */
    public List<WirePacket> all() {
        return List.copyOf(packets);
    }

    /** @return the packets sent from {@code from}, in send order */
    public List<WirePacket> from(InetSocketAddress from) {
        return packets.stream().filter(p -> p.from().equals(from)).collect(Collectors.toList());
    }

    /** @return the packets matching {@code filter}, in send order */
    public List<WirePacket> where(Predicate<WirePacket> filter) {
        return packets.stream().filter(filter).collect(Collectors.toList());
    }

    /** @return the last {@code n} packets, one per line, for failure messages */
    public String dump(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, packets.size() - n); i < packets.size(); i++) {
            sb.append("\n  ").append(packets.get(i));
        }
        return sb.toString();
    }
}
