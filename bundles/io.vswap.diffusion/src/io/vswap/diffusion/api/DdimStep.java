package io.vswap.diffusion.api;

import ai.djl.ndarray.NDArray;

/**
 * What one DDIM step produced: {@code sample}, the latent at the step's destination (the
 * previous timestep when denoising, the next one when inverting), and the clean latent x0 the
 * step predicted. Both are in the input sample's manager.
 */
public record DdimStep(NDArray sample, NDArray predictedOriginal) {
}
