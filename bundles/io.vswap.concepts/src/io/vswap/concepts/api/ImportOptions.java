package io.vswap.concepts.api;

import java.util.Optional;

/**
 * How an archive is imported.
 *
 * @param model the base model in use: a concept trained on another is refused, naming both; empty:
 *        not checked (the concept is marked by what it says it was trained on)
 * @param keepIncompatible import a concept of another base model anyway (listed as incompatible)
 * @param token import it under this token instead of its own (when its own is taken)
 * @param name import it under this name instead of its own
 */
public record ImportOptions(Optional<BaseModelId> model, boolean keepIncompatible, Optional<String> token,
        Optional<String> name) {

    public ImportOptions {
        token.ifPresent(Concept::requireToken);
    }

    /** Checked against {@code model}, incompatible refused, under its own token and name. */
    public static ImportOptions forModel(BaseModelId model) {
        return new ImportOptions(Optional.of(model), false, Optional.empty(), Optional.empty());
    }

    public ImportOptions keepingIncompatible() {
        return new ImportOptions(model, true, token, name);
    }

    public ImportOptions withToken(String newToken) {
        return new ImportOptions(model, keepIncompatible, Optional.of(newToken), name);
    }
}
