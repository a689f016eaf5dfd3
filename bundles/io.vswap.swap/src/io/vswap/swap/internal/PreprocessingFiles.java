package io.vswap.swap.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.vswap.diffusion.api.ContextWindows;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.points.api.Trajectory;
import io.vswap.swap.api.CacheKey;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.PreprocessingCache;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.video.api.RgbFrame;

/**
 * The source side of a VideoSwap edit in a {@link PreprocessingCache} folder, one F32 safetensors
 * file per stage, each named by a hash of what it depends on:
 * <ul>
 * <li>{@code dift-<key>}: the point embeddings and visibility (model, frames, subject word, the
 * source trajectories, the DIFT settings and seed);</li>
 * <li>{@code mlps-<key>}: the registered MLPs and their last loss (the DIFT key, the source prompt,
 * the registration settings, how points are placed, and seed);</li>
 * <li>{@code inversion-<key>}: every inversion latent and the subject's cross-attention maps (model,
 * frames, source prompt, subject word, steps).</li>
 * </ul>
 * The target, the point edit (removed and dragged points) and the edit-time settings are not part
 * of any key: they only matter to the edit. Files are written atomically; an unreadable one is
 * recomputed and replaced.
 */
final class PreprocessingFiles {

    private static final String VERSION = "videoswap-preprocessing-1";

    private final Path folder;
    final String diftKey;
    final String mlpKey;
    final String inversionKey;

    /** @param windows the context windows the edit runs in (part of the keys only where they split the clip) */
    PreprocessingFiles(PreprocessingCache cache, EditRequest request, VideoSwapSettings s,
            Map<String, Trajectory> source, ContextWindows windows) {
        this.folder = cache.folder();
        CacheKey base = new CacheKey().add(VERSION).add(cache.modelKey());
        for (RgbFrame f : request.frames()) {
            base.add(f.width()).add(f.height()).add(f.rgb());
        }
        String baseKey = base.hex();
        CacheKey dift = new CacheKey().add(baseKey).add("dift").add(request.subjectWord()).add(s.diftTimestep())
                .add(s.diftUpBlock()).add(s.diftEnsemble()).add(s.visibilitySimilarity()).add(s.seed());
        for (var e : source.entrySet()) {
            Trajectory t = e.getValue();
            dift.add(e.getKey()).add(t.frameCount());
            for (int f = 0; f < t.frameCount(); f++) {
                dift.add(t.x(f)).add(t.y(f)).add(t.visible(f) ? 1 : 0).add(t.confidence(f));
            }
        }
        diftKey = dift.hex();
        CacheKey mlps = new CacheKey().add(diftKey).add("mlps").add(request.sourcePrompt())
                .add(s.registrationIterations())
                .add(s.learningRate()).add(s.weightDecay()).add(s.pointDropRate()).add(s.patchSize())
                .add(s.patchLoss() ? 1 : 0).add(s.semanticSchedule() ? 1 : 0).add(s.seed());
        if (s.subCellPoints()) {
            // only when on, so that caches registered before the setting existed keep their keys
            mlps.add("subCell");
        }
        CacheKey inversion = new CacheKey().add(baseKey).add("inversion").add(request.sourcePrompt())
                .add(request.subjectWord()).add(s.steps());
        if (windows.splits(request.frames().size())) {
            // only then: a clip that is one window keeps the keys it had before windows existed
            for (CacheKey h : new CacheKey[] { mlps, inversion }) {
                h.add("context").add(windows.length()).add(windows.overlap()).add(windows.stride());
            }
            // registrationIterations became a count per window: MLPs registered on a fixed total are stale
            mlps.add("iterationsPerWindow");
        }
        mlpKey = mlps.hex();
        inversionKey = inversion.hex();
    }

    Path diftFile() {
        return folder.resolve("dift-" + diftKey + ".safetensors");
    }

    Path mlpFile() {
        return folder.resolve("mlps-" + mlpKey + ".safetensors");
    }

    Path inversionFile() {
        return folder.resolve("inversion-" + inversionKey + ".safetensors");
    }

    /** The cached embeddings, or null when there are none (or they cannot be read). */
    PointEmbeddings readEmbeddings() {
        Path file = diftFile();
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            int k = Integer.parseInt(f.metadata().get("points"));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                names.add(f.metadata().get("point." + i));
            }
            long[] es = f.entry("embeddings").shape();
            long[] vs = f.entry("visible").shape();
            float[] e = f.floats("embeddings");
            float[] v = f.floats("visible");
            int d = (int) es[1];
            int frames = (int) vs[1];
            float[][] emb = new float[k][d];
            boolean[][] visible = new boolean[k][frames];
            for (int i = 0; i < k; i++) {
                System.arraycopy(e, i * d, emb[i], 0, d);
                for (int n = 0; n < frames; n++) {
                    visible[i][n] = v[i * frames + n] > 0.5f;
                }
            }
            return new PointEmbeddings(names, emb, visible);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    void writeEmbeddings(PointEmbeddings emb) throws IOException {
        int k = emb.names().size();
        int frames = k == 0 ? 0 : emb.visible()[0].length;
        float[] v = new float[k * frames];
        for (int i = 0; i < k; i++) {
            for (int n = 0; n < frames; n++) {
                v[i * frames + n] = emb.visible()[i][n] ? 1 : 0;
            }
        }
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "videoswap-dift-embeddings")
                .metadata("points", Integer.toString(k));
        for (int i = 0; i < k; i++) {
            w.metadata("point." + i, emb.names().get(i));
        }
        w.add("embeddings", VideoSwapPipeline.flatten(emb.embeddings()), k, emb.dimension())
                .add("visible", v, k, frames).write(diftFile());
    }

    /** Registered MLPs read from the cache and their final loss, or null. */
    Registered readAdapter(int embeddingDim, List<Integer> channels, NDManager parent) {
        Path file = mlpFile();
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            float loss;
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                // safetensors metadata is text: the loss as writeAdapter below wrote it
                loss = Float.parseFloat(f.metadata().getOrDefault("final_loss", "NaN"));
            }
            return new Registered(MotionFeatureAdapter.load(file, embeddingDim, channels, parent), loss);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    record Registered(MotionFeatureAdapter adapter, float finalLoss) {
    }

    void writeAdapter(MotionFeatureAdapter adapter, float finalLoss) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "videoswap-motion-mlps")
                .metadata("embedding_dim", Integer.toString(adapter.embeddingDim()))
                .metadata("hidden", Integer.toString(MotionFeatureAdapter.HIDDEN))
                .metadata("channels", adapter.channels().toString()).metadata("final_loss", Float.toString(finalLoss));
        adapter.parameters().forEach(w::add);
        w.write(mlpFile());
    }

    /** The cached inversion with its latents in {@code manager}, or null. */
    VideoSwapPipeline.Inversion readInversion(NDManager manager) {
        Path file = inversionFile();
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<NDArray> latents = new ArrayList<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            long[] ms = f.entry("subjectMaps").shape();
            float[] m = f.floats("subjectMaps");
            List<float[]> maps = new ArrayList<>();
            int size = (int) ms[1];
            for (int i = 0; i < ms[0]; i++) {
                float[] one = new float[size];
                System.arraycopy(m, i * size, one, 0, size);
                maps.add(one);
            }
            // one array per level, each made from its own copy of the values: a view (all.get(i)) of an
            // array that DJL created from a Java buffer loses that buffer when the whole is closed
            long[] ls = f.entry("latents").shape();
            float[] all = f.floats("latents");
            int level = all.length / (int) ls[0];
            Shape one = new Shape(java.util.Arrays.copyOfRange(ls, 1, ls.length));
            for (int i = 0; i < ls[0]; i++) {
                latents.add(manager.create(java.util.Arrays.copyOfRange(all, i * level, (i + 1) * level), one));
            }
            if (latents.size() != maps.size() + 1) {
                throw new IOException(file + ": " + latents.size() + " latents for " + maps.size() + " maps");
            }
            return new VideoSwapPipeline.Inversion(latents, maps);
        } catch (IOException | RuntimeException e) {
            latents.forEach(NDArray::close);
            return null;
        }
    }

    void writeInversion(VideoSwapPipeline.Inversion inversion) throws IOException {
        List<float[]> maps = inversion.subjectMaps();
        int size = maps.isEmpty() ? 0 : maps.get(0).length;
        float[] m = new float[maps.size() * size];
        for (int i = 0; i < maps.size(); i++) {
            System.arraycopy(maps.get(i), 0, m, i * size, size);
        }
        NDArray first = inversion.latents().get(0);
        try (NDManager tmp = first.getManager().newSubManager()) {
            NDArray stacked = NDArrays.stack(new NDList(inversion.latents()));
            stacked.attach(tmp);
            new SafetensorsWriter().metadata("format", "videoswap-inversion").add("latents", stacked)
                    .add("subjectMaps", m, maps.size(), size).write(inversionFile());
        }
    }
}
