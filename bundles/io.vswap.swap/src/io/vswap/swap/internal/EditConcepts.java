package io.vswap.swap.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;

import ai.djl.ndarray.NDManager;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.PromptConditioning;
import io.vswap.swap.api.TargetConcepts;

/**
 * The concepts of the concept library an edit's target names ({@code <hexagon1>}): found before any
 * work, applied to the model for the edit alone (the source side stays on the plain model, so that
 * its cache serves word and concept targets alike), and named with their checksums in the report.
 */
final class EditConcepts {

    private EditConcepts() {
    }

    /** The tokens the request's target prompt writes and the ones it lists, each once. */
    static List<String> tokens(EditRequest request) {
        LinkedHashSet<String> out = new LinkedHashSet<>(request.concepts());
        out.addAll(TargetConcepts.tokensIn(request.targetPrompt()));
        return List.copyOf(out);
    }

    /** Refuses, in words, tokens that no installed library holds; nothing to do without tokens. */
    static void check(List<String> tokens, TargetConcepts service) {
        if (tokens.isEmpty()) {
            return;
        }
        if (service == null) {
            throw new IllegalArgumentException("the target names the concept " + String.join(", ", tokens)
                    + ", but the concept library is not installed: install it, or swap for a word");
        }
        try {
            service.check(tokens, null);
        } catch (IOException e) {
            throw new UncheckedIOException("the concept libraries could not be read: " + e.getMessage(), e);
        }
    }

    /** The concepts applied to the request's model, or plain text when the target names none. */
    static PromptConditioning open(EditRequest request, List<String> tokens, TargetConcepts service,
            NDManager manager) {
        if (tokens.isEmpty()) {
            return PromptConditioning.plain(request.models());
        }
        check(tokens, service);
        try {
            return service.apply(request.models(), tokens, manager);
        } catch (IOException e) {
            throw new UncheckedIOException("the concept " + String.join(", ", tokens) + " could not be loaded: "
                    + e.getMessage(), e);
        }
    }

    /** Each concept by token: its name, library and weights checksum, as the render record keeps them. */
    static void report(PromptConditioning c, EditReport.Builder report) {
        for (TargetConcepts.UsedConcept u : c.concepts()) {
            report.note("concept." + u.token(), u.name() + " (library " + u.library() + ", weights sha256 "
                    + u.weightsSha256() + ")");
        }
    }
}
