package org.rxrpc4j.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running OpenAFS test cell, as described by the {@code KEY=value} environment file that
 * {@code shared/interop/openafs-up.sh} prints (see {@code shared/interop/README.md}).
 *
 * @param values every key of the file with its value
 */
public record OpenAfsCell(Map<String, String> values) {

    /** The environment variable naming the cell's environment file. */
    public static final String ENV_FILE_VARIABLE = "OPENAFS_ENV_FILE";

    /** The keys a usable file must have. */
    static final List<String> REQUIRED_KEYS = List.of("OPENAFS_CONFIG", "OPENAFS_MODE", "OPENAFS_ADDR",
            "OPENAFS_PTSERVER_PORT", "OPENAFS_PTSERVER_SERVICE", "OPENAFS_VLSERVER_PORT",
            "OPENAFS_VLSERVER_SERVICE");

    public OpenAfsCell {
        values = Map.copyOf(values);
    }

    /**
     * Reads an environment file: one {@code KEY=value} per line; blank lines and lines starting
     * with {@code #} are ignored, and the value is everything after the first {@code =}.
     *
     * @param file the file
     * @return the cell it describes
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if a required key is missing or empty
     */
    public static OpenAfsCell load(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            int eq = t.indexOf('=');
            if (t.isEmpty() || t.startsWith("#") || eq <= 0) {
                continue;
            }
            m.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
        }
        for (String k : REQUIRED_KEYS) {
            if (m.getOrDefault(k, "").isEmpty()) {
                throw new IllegalArgumentException(file + " has no value for " + k);
            }
        }
        return new OpenAfsCell(m);
    }

    /** @return the value of {@code key}, or {@code ""} if the file has none */
    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    /** @return the client configuration directory to pass as {@code -config} */
    public Path configDir() {
        return Path.of(get("OPENAFS_CONFIG"));
    }

    /** @return the cell's name, e.g. {@code test.local} */
    public String cellName() {
        return get("OPENAFS_CELL");
    }

    /** @return {@code noauth} or {@code auth} */
    public String mode() {
        return get("OPENAFS_MODE");
    }

    /** @return the address every server of the cell is bound to */
    public InetAddress address() {
        try {
            return InetAddress.getByName(get("OPENAFS_ADDR"));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad OPENAFS_ADDR " + get("OPENAFS_ADDR"), e);
        }
    }

    /** @return the ptserver's UDP address */
    public InetSocketAddress ptserver() {
        return new InetSocketAddress(address(), Integer.parseInt(get("OPENAFS_PTSERVER_PORT")));
    }

    /** @return the ptserver's Rx service ID (PR, 73) */
    public int ptService() {
        return Integer.parseInt(get("OPENAFS_PTSERVER_SERVICE"));
    }

    /** @return the vlserver's UDP address */
    public InetSocketAddress vlserver() {
        return new InetSocketAddress(address(), Integer.parseInt(get("OPENAFS_VLSERVER_PORT")));
    }

    /** @return the vlserver's Rx service ID (VL, 52) */
    public int vlService() {
        return Integer.parseInt(get("OPENAFS_VLSERVER_SERVICE"));
    }
}
