package org.rxrpc4j.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Checks the prerequisites of an {@link OpenAfs} class before its tests run, and hands the
 * tests the {@link OpenAfsCell}.
 */
public final class OpenAfsExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OpenAfsExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        OpenAfs spec = context.getRequiredTestClass().getAnnotation(OpenAfs.class);
        List<String> missing = new ArrayList<>();
        for (String program : spec == null ? new String[0] : spec.programs()) {
            if (Interop.findProgram(program).isEmpty()) {
                missing.add("program '" + program + "' is not on the PATH");
            }
        }
        if (Interop.findProgram("timeout").isEmpty()) {
            missing.add("program 'timeout' (coreutils) is not on the PATH");
        }
        OpenAfsCell cell = null;
        if (spec == null || spec.cell()) {
            String file = System.getenv(OpenAfsCell.ENV_FILE_VARIABLE);
            if (file == null || file.isBlank()) {
                missing.add("environment variable " + OpenAfsCell.ENV_FILE_VARIABLE + " is not set");
            } else if (!Files.isRegularFile(Path.of(file))) {
                missing.add(OpenAfsCell.ENV_FILE_VARIABLE + " names " + file + ", which does not exist");
            } else {
                try {
                    cell = OpenAfsCell.load(Path.of(file));
                } catch (IOException | IllegalArgumentException e) {
                    missing.add("unusable cell environment file " + file + ": " + e.getMessage());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw Interop.missing(String.join("; ", missing));
        }
        if (cell != null) {
            context.getStore(NS).put(OpenAfsCell.class, cell);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == OpenAfsCell.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        OpenAfsCell cell = e.getStore(NS).get(OpenAfsCell.class, OpenAfsCell.class);
        if (cell == null) {
            throw new ParameterResolutionException("no OpenAFS cell for this class (@OpenAfs(cell = false)?)");
        }
        return cell;
    }
}
