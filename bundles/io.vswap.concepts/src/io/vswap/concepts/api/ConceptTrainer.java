package io.vswap.concepts.api;

import java.io.IOException;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Learns an ED-LoRA concept from a few reference images (a DS service): layer-wise token
 * embeddings (two new tokens, one embedding each per UNet cross-attention layer) and LoRA on the
 * text encoder's and the UNet's attention projections, trained on the noise-prediction loss of the
 * images with Mix-of-Show's captions. A checkpoint is written atomically every
 * {@link TrainingSettings#checkpointEvery()} steps into the request's work folder; a training
 * started again with the same work folder and settings continues from it. The concept is added to
 * the library only when every step has run.
 */
public interface ConceptTrainer {

    /**
     * Checks a request before any work: the image count (3–20), that every image reads, that their
     * sizes are alike, that the token is free in the model's vocabulary and the libraries in use.
     *
     * @throws ConceptInputException saying what is wrong, in words
     */
    void check(TrainingRequest request) throws IOException;

    /**
     * Mix-of-Show's settings for this request's model and image count.
     *
     * @param stepShare 1 for Mix-of-Show's step count, less for a quicker, rougher concept
     */
    TrainingSettings defaults(TrainingRequest request, double stepShare) throws IOException;

    /**
     * Trains and adds the concept to {@code into}.
     *
     * @param monitor checked for cancellation every step (the last checkpoint stays); may be null
     * @throws org.eclipse.core.runtime.OperationCanceledException when cancelled
     */
    StoredConcept train(TrainingRequest request, ConceptLibrary into, TrainingListener listener,
            IProgressMonitor monitor) throws IOException;
}
