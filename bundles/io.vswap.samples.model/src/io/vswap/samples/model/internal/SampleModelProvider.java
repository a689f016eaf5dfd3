package io.vswap.samples.model.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;

import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.model.api.SampleModel;

/** The built-in sample model as a {@link ModelProvider} ({@code "sample"}), checksum-verified on each {@link #layout()}. */
@Component(service = ModelProvider.class)
public final class SampleModelProvider implements ModelProvider {

    public static final String ID = "sample";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the built-in sample model (tiny latent video diffusion model trained on the sample world, 64x64)";
    }

    @Override
    public VideoDiffusionModel.Layout layout() throws IOException {
        return SampleModel.shipped();
    }
}
