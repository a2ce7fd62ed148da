package org.rxrpc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;
import org.rxrpc4j.RxRemoteAbortException;

/** Our VL client against OpenAFS's vlserver over null security, checked against {@code vos}. */
@OpenAfs(programs = "vos")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VlServerIT {

    /** VL_NOENT: "no such entry". */
    static final int VL_NOENT = 363524;
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total entries: (\\d+)\\s*$");

    private static RxNet net;
    private static RxEndpoint endpoint;
    private static VlClient vl;
    private static OpenAfsCell cell;

    @BeforeAll
    static void start(OpenAfsCell c) throws IOException {
        cell = c;
        net = RxNet.create();
        endpoint = net.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        vl = new VlClient(endpoint, c);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void noCallIsLeftLive() {
        assertThat(endpoint.liveCalls()).as("live calls after the test").isZero();
    }

    @ParameterizedTest(name = "newFormat={0}")
    @ValueSource(booleans = {false, true})
    void listAttributesOfEveryVolumeMatchesVosListvldb(boolean newFormat) throws IOException {
        VlClient.Listing ours = vl.listAll(newFormat);
        CliTool.Result r = CliTool.vos(cell, "listvldb");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        Matcher m = TOTAL.matcher(r.stdout());
        assertThat(m.find()).as(r.describe()).isTrue();
        int total = Integer.parseInt(m.group(1));

        assertThat(ours.nentries()).isEqualTo(total);
        assertThat(ours.entries()).hasSize(total);
        assertThat(ours.entries().stream().map(VlClient.Entry::name).sorted().toList())
                .isEqualTo(volumeNames(r.stdoutLines()));
    }

    /** The volume names of {@code vos listvldb}: its unindented lines between header and total. */
    private static List<String> volumeNames(List<String> lines) {
        List<String> names = new ArrayList<>();
        for (String l : lines) {
            if (!l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("VLDB entries for")
                    && !l.startsWith("Total entries")) {
                names.add(l.strip());
            }
        }
        names.sort(null);
        return names;
    }

    @ParameterizedTest(name = "newFormat={0}")
    @ValueSource(booleans = {false, true})
    void aMissingVolumeIsAbortedWithVlNoEntLikeVosSays(boolean newFormat) throws IOException {
        String name = "rxj4." + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        assertThatThrownBy(() -> vl.entryByName(name, newFormat))
                .isInstanceOfSatisfying(RxRemoteAbortException.class, e -> assertThat(e.abortCode()).isEqualTo(VL_NOENT));

        CliTool.Result r = CliTool.vos(cell, "listvldb", "-name", name);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stdout() + r.stderr()).contains("no such entry");
        vl.probe(); // the connection survives the abort
    }

    @Test
    void probeSucceeds() throws IOException {
        for (int i = 0; i < 3; i++) {
            vl.probe();
        }
    }

    @Test
    void getAddrsMatchesVosListaddrs() throws IOException {
        VlClient.Addrs ours = vl.getAddrs();
        assertThat(ours.addresses()).hasSize(ours.nentries());
        CliTool.Result r = CliTool.vos(cell, "listaddrs");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        List<String> printed = r.stdoutLines().stream().filter(l -> !l.isBlank()).toList();
        boolean multihomed = false;
        List<String> plain = new ArrayList<>();
        for (int a : ours.addresses()) {
            multihomed |= (a >>> 24) == 0xff;
            plain.add((a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff));
        }
        if (!multihomed) {
            // without multihomed entries vos prints exactly the addresses of the server table
            assertThat(printed).containsExactlyInAnyOrderElementsOf(plain);
        } else {
            // vos expands each multihomed marker into that server's addresses
            assertThat(printed.size()).isGreaterThanOrEqualTo(ours.nentries());
        }
    }
}
