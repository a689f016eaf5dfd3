package io.vswap.concepts.ui.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.graphics.ImageData;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.ui.api.StudioJob;

/**
 * Reads the libraries in use for the Concept Library view, off the UI thread: every concept, its
 * thumbnail scaled for a tile, and whether it works with the base model in use ({@link ModelInUse}).
 */
final class LoadLibraryJob extends StudioJob {

    /** The side of a tile's picture, in pixels. */
    static final int THUMB = 96;

    /** A concept as a tile shows it; {@code unusable} says why it cannot be used (greyed). */
    record Entry(StoredConcept stored, ImageData thumbnail, Optional<String> unusable) {
    }

    private final ConceptStore store;
    private volatile List<Entry> entries;
    private volatile Optional<BaseModelId> model = Optional.empty();

    LoadLibraryJob(ConceptStore store) {
        super("Reading the concept libraries");
        this.store = store;
        setUser(false);
        failuresShownByCaller();
    }

    List<Entry> entries() {
        return entries;
    }

    Optional<BaseModelId> model() {
        return model;
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, getName(), 10);
        Optional<BaseModelId> inUse = ModelInUse.id();
        model = inUse;
        sub.worked(2);
        List<StoredConcept> all = store.all();
        SubMonitor each = SubMonitor.convert(sub.split(8), all.size());
        List<Entry> out = new ArrayList<>();
        for (StoredConcept c : all) {
            Optional<String> unusable = inUse.isPresent() ? c.incompatibility(inUse.get()) : c.problem();
            ImageData thumb = c.concept().flatMap(x -> x.thumbnailFile()).map(t -> scaled(c.file(t), THUMB))
                    .orElse(null);
            out.add(new Entry(c, thumb, unusable));
            each.split(1);
        }
        // each library in the order set, its concepts by name
        List<Path> order = store.libraries().stream().map(l -> l.folder()).toList();
        out.sort(java.util.Comparator.<Entry>comparingInt(e -> order.indexOf(e.stored().library().folder()))
                .thenComparing(e -> e.stored().label(), String.CASE_INSENSITIVE_ORDER));
        entries = List.copyOf(out);
    }

    /** An image file scaled to fit {@code side} × {@code side}; null when it cannot be read as an image. */
    static ImageData scaled(Path file, int side) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            ImageData d = new ImageData(file.toString());
            double s = Math.min(1.0, side / (double) Math.max(d.width, d.height));
            return s >= 1 ? d : d.scaledTo(Math.max(1, (int) Math.round(d.width * s)),
                    Math.max(1, (int) Math.round(d.height * s)));
        } catch (SWTException e) {
            return null; // a tile shows "no picture" rather than failing the library
        }
    }
}
