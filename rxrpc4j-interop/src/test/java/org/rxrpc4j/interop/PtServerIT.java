package org.rxrpc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;
import org.rxrpc4j.RxRemoteAbortException;

/**
 * Our PR client against OpenAFS's ptserver over null security (the cell runs in noauth mode),
 * checked against what {@code pts} says about the same database.
 */
@OpenAfs(programs = "pts")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PtServerIT {

    /** PREXIST: "Entry for name already exists". */
    static final int PREXIST = 267264;
    /** PRNOENT: "User or group doesn't exist". */
    static final int PRNOENT = 267268;
    /** How many users the listing test keeps in the database (created once, then reused). */
    static final int BULK_USERS = 320;

    private static RxNet net;
    private static RxEndpoint endpoint;
    private static PrClient pr;
    private static OpenAfsCell cell;
    private final List<Integer> toDelete = new ArrayList<>();

    @BeforeAll
    static void start(OpenAfsCell c) throws IOException {
        if (!c.mode().equals("noauth")) {
            throw Interop.missing("a noauth cell (OPENAFS_MODE is " + c.mode() + ")");
        }
        cell = c;
        net = RxNet.create();
        endpoint = net.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        pr = new PrClient(endpoint, c);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void deleteCreatedEntriesAndCheckForLeftoverCalls() throws IOException {
        for (int id : toDelete) {
            pr.delete(id);
        }
        assertThat(endpoint.liveCalls()).as("live calls after the test").isZero();
    }

    private static String runTag() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    @Test
    void usersCreatedByUsAreWhatPtsExamineShows() throws IOException {
        String tag = runTag();
        List<String> names = List.of("rxj4-" + tag + "-a", "rxj4-" + tag + "-b", "rxj4-" + tag + "-c");
        int[] ids = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            ids[i] = pr.newEntry(names.get(i), 0, 0);
            toDelete.add(ids[i]);
        }
        assertThat(ids).doesNotHaveDuplicates().doesNotContain(PrClient.ANONYMOUS_ID);
        assertThat(IntStream.of(ids).min().orElseThrow()).isPositive();

        assertThat(pr.nameToId(names)).containsExactly(ids);
        assertThat(pr.idToName(ids)).containsExactlyElementsOf(names);

        for (int i = 0; i < names.size(); i++) {
            CliTool.Result r = CliTool.pts(cell, "examine", names.get(i));
            assertThat(r.exitCode()).as(r.describe()).isZero();
            PtsOutput.Examined seen = PtsOutput.examine(r.stdout());
            assertThat(seen.name()).isEqualTo(names.get(i));
            assertThat(seen.id()).isEqualTo(ids[i]);

            PrClient.Entry entry = pr.listEntry(ids[i]);
            assertThat(entry.name()).isEqualTo(names.get(i));
            assertThat(entry.id()).isEqualTo(ids[i]);
            assertThat(pr.idToName(new int[] {entry.owner(), entry.creator()}))
                    .as("owner and creator names").containsExactly(seen.owner(), seen.creator());
        }
    }

    @Test
    void unknownNamesMapToAnonymousAndUnknownIdsToTheirNumber() throws IOException {
        String missing = "rxj4-" + runTag() + "-none";
        int[] ids = pr.nameToId(List.of(missing, "anonymous", "system:administrators"));
        assertThat(ids).containsExactly(PrClient.ANONYMOUS_ID, PrClient.ANONYMOUS_ID, -204);
        int unused = pr.listMax()[0] + 100_000;
        assertThat(pr.idToName(new int[] {-204, unused})).containsExactly("system:administrators",
                Integer.toString(unused));
    }

    @Test
    void listEntriesOfSeveralHundredUsersMatchesPtsListentries() throws IOException {
        List<String> bulk = IntStream.range(0, BULK_USERS)
                .mapToObj(i -> String.format(Locale.ROOT, "rxj4-bulk-%03d", i)).toList();
        long sentBefore = counter("DATA_PACKETS_SENT");
        int[] ids = pr.nameToId(bulk);
        // one request of 320 prnames (256 bytes each): about 80 KB, some 58 DATA packets
        assertThat(counter("DATA_PACKETS_SENT") - sentBefore).as("DATA packets of the request").isGreaterThan(50);
        for (int i = 0; i < bulk.size(); i++) {
            if (ids[i] == PrClient.ANONYMOUS_ID) {
                try {
                    pr.newEntry(bulk.get(i), 0, 0);
                } catch (RxRemoteAbortException e) {
                    // another run on the same cell may have created it meanwhile
                    assertThat(e.abortCode()).as("NewEntry of " + bulk.get(i)).isEqualTo(PREXIST);
                }
            }
        }
        ids = pr.nameToId(bulk);
        assertThat(ids).doesNotContain(PrClient.ANONYMOUS_ID).doesNotHaveDuplicates();

        // The cell may be shared with other tests: compare only a listing that did not change
        // while pts read its own.
        for (int attempt = 1; ; attempt++) {
            long receivedBefore = counter("DATA_PACKETS_RECEIVED");
            List<PtsOutput.Listed> before = asListed(pr.listEntries(PrClient.PRUSERS));
            // 304 bytes per entry: a reply of more than 60 DATA packets
            assertThat(counter("DATA_PACKETS_RECEIVED") - receivedBefore).as("DATA packets of the listing")
                    .isGreaterThan(60);
            CliTool.Result r = CliTool.pts(cell, "listentries", "-users");
            List<PtsOutput.Listed> after = asListed(pr.listEntries(PrClient.PRUSERS));
            assertThat(r.exitCode()).as(r.describe()).isZero();
            if (!before.equals(after) && attempt < 3) {
                continue;
            }
            assertThat(before).as("the listing changed during every attempt").isEqualTo(after);
            assertThat(before).hasSizeGreaterThan(BULK_USERS);
            assertThat(before).containsExactlyElementsOf(PtsOutput.listEntries(r.stdout()));
            Set<String> listed = new HashSet<>();
            before.forEach(e -> listed.add(e.name() + "=" + e.id()));
            for (int i = 0; i < bulk.size(); i++) {
                assertThat(listed).contains(bulk.get(i) + "=" + ids[i]);
            }
            return;
        }
    }

    private static long counter(String name) {
        return endpoint.counters().getOrDefault(name, 0L);
    }

    private static List<PtsOutput.Listed> asListed(List<PrClient.Entry> entries) {
        return entries.stream().map(e -> new PtsOutput.Listed(e.name(), e.id(), e.owner(), e.creator())).toList();
    }

    @Test
    void deletingAnIdThatDoesNotExistIsAbortedWithPrNoEnt() throws IOException {
        int unused = pr.listMax()[0] + 100_000;
        assertThatThrownBy(() -> pr.delete(unused)).isInstanceOfSatisfying(RxRemoteAbortException.class,
                e -> assertThat(e.abortCode()).isEqualTo(PRNOENT));
        assertThatThrownBy(() -> pr.listEntry(unused)).isInstanceOfSatisfying(RxRemoteAbortException.class,
                e -> assertThat(e.abortCode()).isEqualTo(PRNOENT));
        // the connection survives the aborts
        assertThat(pr.nameToId(List.of("anonymous"))).containsExactly(PrClient.ANONYMOUS_ID);
    }

    @Test
    void creatingANameTwiceIsAbortedWithPrExist() throws IOException {
        String name = "rxj4-" + runTag() + "-dup";
        toDelete.add(pr.newEntry(name, 0, 0));
        assertThatThrownBy(() -> pr.newEntry(name, 0, 0)).isInstanceOfSatisfying(RxRemoteAbortException.class,
                e -> assertThat(e.abortCode()).isEqualTo(PREXIST));
    }
}
