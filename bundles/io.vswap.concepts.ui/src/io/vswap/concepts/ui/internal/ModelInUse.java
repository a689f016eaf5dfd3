package io.vswap.concepts.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.diffusion.api.ModelProvider;

/**
 * The base model the concept views work with (the installed "sample" model, as the Swap editor's
 * default) and its {@link BaseModelId}.
 */
public final class ModelInUse {

    private ModelInUse() {
    }

    /** The installed "sample" model's folder; empty when it is not installed. */
    static Optional<Path> folder() {
        BundleContext context = FrameworkUtil.getBundle(ModelInUse.class).getBundleContext();
        try {
            Collection<ServiceReference<ModelProvider>> refs = context.getServiceReferences(ModelProvider.class, null);
            for (ServiceReference<ModelProvider> r : refs) {
                ModelProvider p = context.getService(r);
                try {
                    if (p != null && p.id().equals("sample")) {
                        return Optional.of(p.layout().folder());
                    }
                } finally {
                    context.ungetService(r);
                }
            }
        } catch (Exception e) {
            return Optional.empty(); // the model's own load reports what is wrong with it
        }
        return Optional.empty();
    }

    /** The model in use's id (empty when there is none or it cannot be read). */
    static Optional<BaseModelId> id() {
        Optional<Path> folder = folder();
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(idOf(folder.get()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@link BaseModelId#of} (which keeps the id while the model's files stay as they were). */
    static BaseModelId idOf(Path folder) throws IOException {
        return BaseModelId.of(folder);
    }
}
