package org.rxrpc4j.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for what {@code pts} prints. */
public final class PtsOutput {

    private static final Pattern EXAMINE = Pattern.compile(
            "Name: (\\S+), id: (-?\\d+), owner: (\\S+), creator: (\\S+),");

    /**
     * The first line of {@code pts examine}.
     *
     * @param name the entry's name
     * @param id its ID
     * @param owner the owner's name
     * @param creator the creator's name
     */
    public record Examined(String name, int id, String owner, String creator) {
    }

    /**
     * A row of {@code pts listentries}.
     *
     * @param name the entry's name
     * @param id its ID
     * @param owner the owner's ID
     * @param creator the creator's ID
     */
    public record Listed(String name, int id, int owner, int creator) {
    }

    private PtsOutput() {
    }

    /**
     * Parses {@code pts examine NAME}: {@code Name: N, id: I, owner: O, creator: C,} ...
     *
     * @param stdout what pts printed
     * @return the entry
     * @throws IllegalArgumentException if the output has no such line
     */
    public static Examined examine(String stdout) {
        Matcher m = EXAMINE.matcher(stdout);
        if (!m.find()) {
            throw new IllegalArgumentException("not pts examine output: " + stdout);
        }
        return new Examined(m.group(1), Integer.parseInt(m.group(2)), m.group(3), m.group(4));
    }

    /**
     * Parses {@code pts listentries}: a header line {@code Name ID Owner Creator}, then one row
     * of four columns per entry.
     *
     * @param stdout what pts printed
     * @return the rows, in order
     * @throws IllegalArgumentException if a row does not have four columns
     */
    public static List<Listed> listEntries(String stdout) {
        List<Listed> rows = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (line.isBlank() || (f.length == 4 && f[0].equals("Name") && f[1].equals("ID"))) {
                continue;
            }
            if (f.length != 4) {
                throw new IllegalArgumentException("unexpected pts listentries line: " + line);
            }
            rows.add(new Listed(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])));
        }
        return rows;
    }
}
