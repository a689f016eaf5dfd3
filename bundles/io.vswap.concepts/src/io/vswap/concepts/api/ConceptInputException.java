package io.vswap.concepts.api;

import java.io.IOException;

/** A training request that cannot be trained as given: the message says what is wrong and what to do. */
public final class ConceptInputException extends IOException {

    private static final long serialVersionUID = 1L;

    public ConceptInputException(String message) {
        super(message);
    }
}
