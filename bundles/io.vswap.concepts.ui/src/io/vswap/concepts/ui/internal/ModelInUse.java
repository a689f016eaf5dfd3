package io.vswap.concepts.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.diffusion.api.ModelProvider;

/**
 * The base model the concept views work with (the installed "sample" model, as the Swap editor's
 * default) and its {@link BaseModelId}. The id hashes the model's files, hundreds of megabytes for a
 * real model: it is kept and hashed again only when a file's size or modification time changed.
 */
public final class ModelInUse {

    private static String cachedStamp;
    private static BaseModelId cachedId;
    private static int hashes;

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

    /** {@link BaseModelId#of}, hashed again only when the files' names, sizes or times changed. */
    static synchronized BaseModelId idOf(Path folder) throws IOException {
        String stamp = stamp(folder);
        if (!stamp.equals(cachedStamp)) {
            cachedId = BaseModelId.of(folder);
            cachedStamp = stamp;
            hashes++;
        }
        return cachedId;
    }

    /** How many times a model was hashed (for tests). */
    public static synchronized int hashes() {
        return hashes;
    }

    /** Every file BaseModelId reads (the parts' folders and checksums.json) with its size and time. */
    private static String stamp(Path folder) throws IOException {
        Path f = folder.toAbsolutePath().normalize();
        List<String> lines = new ArrayList<>();
        lines.add(f.toString());
        for (String part : new String[] { "text_encoder", "tokenizer", "unet", "checksums.json" }) {
            Path p = f.resolve(part);
            if (!Files.exists(p)) {
                continue;
            }
            try (Stream<Path> w = Files.walk(p)) {
                for (Path x : w.filter(Files::isRegularFile).sorted().toList()) {
                    lines.add(x + " " + Files.size(x) + " " + Files.getLastModifiedTime(x).toMillis());
                }
            }
        }
        return String.join("\n", lines);
    }
}
