package io.vswap.diffusion.api;

import java.io.IOException;

/**
 * A base model the product can load (a diffusers-layout folder with its motion module): a seam,
 * so that a studio installs a bundle that offers its own checkpoints. Jobs and the workbench
 * pick a provider by {@link #id()}; ours is {@code "sample"}, the built-in sample model.
 */
public interface ModelProvider {

    /** Stable key for batch specs and settings, e.g. {@code sample}. */
    String id();

    /** One line for menus and {@code --help}. */
    String description();

    /**
     * Where the model's parts are, checked as far as the provider can (e.g. checksums) without
     * loading it.
     *
     * @throws IOException naming what is missing or damaged, and what to do
     */
    VideoDiffusionModel.Layout layout() throws IOException;
}
