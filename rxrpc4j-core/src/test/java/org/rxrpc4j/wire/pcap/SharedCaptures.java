package org.rxrpc4j.wire.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the shared captures are: {@code <rxrpc4j.shared.dir>/pcaps}, the system property being
 * set by the parent pom's surefire configuration to {@code ../shared} beside the checkout.
 *
 * <p>A missing folder is an error, not a reason to skip: the captures are the acceptance test of
 * the wire codecs, and a build that silently ran without them would prove nothing.
 */
public final class SharedCaptures {

    /** The system property naming the shared folder. */
    public static final String PROPERTY = "rxrpc4j.shared.dir";

    /** The captures INDEX.md lists (file names without .pcap). */
    public static final List<String> NAMES = List.of(
            "cmdebug-unknown-service-abort",
            "pts-listentries-multipacket",
            "pts-noauth-createuser-examine",
            "rxdebug-7002",
            "rxkad-levels-clear-auth-crypt",
            "rxkad-localauth-clear-crypt-and-abort",
            "vos-udebug-7003");

    private SharedCaptures() {}

    /**
     * @return the pcaps folder
     * @throws AssertionError (failing the test) if the property is unset or the folder missing
     */
    public static Path dir() {
        String shared = System.getProperty(PROPERTY);
        if (shared == null || shared.isBlank()) {
            throw new AssertionError("system property " + PROPERTY + " is not set; run the tests"
                    + " through Maven (the parent pom sets it to ../shared beside the checkout)"
                    + " or pass -D" + PROPERTY + "=/path/to/shared");
        }
        Path dir = Path.of(shared, "pcaps").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("the shared captures folder " + dir + " (from " + PROPERTY
                    + "=" + shared + ") does not exist; the pcap fixture tests need the project's"
                    + " shared material beside the checkout (../shared/pcaps)");
        }
        return dir;
    }

    /** @return the capture file of that name (without .pcap), which must exist */
    public static Path pcap(String name) {
        Path file = dir().resolve(name + ".pcap");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("capture " + file + " is missing");
        }
        return file;
    }

    /** @return every *.pcap in the folder, sorted */
    public static List<Path> all() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".pcap")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a capture, turning I/O problems into unchecked ones for use in streams. */
    public static PcapReader.Capture read(String name) {
        try {
            return PcapReader.read(pcap(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
