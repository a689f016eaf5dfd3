package io.vswap.diffusion.internal.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonParseException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.vswap.diffusion.api.ModelChecksums;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;

/**
 * {@code vswap model inspect <folder>} and {@code vswap model run <folder> <component> --inputs
 * in.safetensors --outputs out.safetensors}. Exit codes: 0 fine, 1 weights that do not fit the
 * config, 2 usage, 3 files absent or damaged.
 */
public final class ModelCommand {

    public static final int OK = 0;
    public static final int INCOMPLETE = 1;
    public static final int USAGE = 2;
    public static final int BAD_FILES = 3;

    static final String USAGE_TEXT = """
            usage: vswap model inspect <model-folder> [--verify]
                   vswap model run <model-folder> unet|vae|text_encoder --inputs in.safetensors --outputs out.safetensors
              <model-folder> is a diffusers layout: unet/, vae/ (config.json + diffusion_pytorch_model.safetensors),
              text_encoder/ (config.json + model.safetensors); inspect checks every one present; --verify also
              checks every file a load reads (the motion module too) against the folder's checksums.json.
              run unet reads sample [B,C,H,W], timestep [] or [B], encoder_hidden_states [B,T,D] -> out_sample;
              run vae reads images [B,3,H,W] in -1..1 -> latents, or latents -> images;
              run text_encoder reads input_ids [B,L] -> last_hidden_state.""";

    private final TensorRuntime runtime;
    private final PrintStream out;
    private final PrintStream err;

    public ModelCommand(TensorRuntime runtime, PrintStream out, PrintStream err) {
        this.runtime = runtime;
        this.out = out;
        this.err = err;
    }

    public int run(List<String> args) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            out.println(USAGE_TEXT);
            return args.isEmpty() ? USAGE : OK;
        }
        try {
            return switch (args.get(0)) {
            case "inspect" -> args.size() == 2 ? inspect(Path.of(args.get(1)), false)
                    : args.size() == 3 && args.contains("--verify")
                            ? inspect(Path.of(args.get(args.get(1).equals("--verify") ? 2 : 1)), true)
                            : usage("inspect takes one folder, and --verify");
            case "run" -> runComponent(args.subList(1, args.size()));
            default -> usage("unknown command '" + args.get(0) + "'");
            };
        } catch (NoSuchFileException e) {
            err.println("vswap model: missing: " + e.getFile() + (e.getReason() != null ? " (" + e.getReason() + ")" : ""));
            return BAD_FILES;
        } catch (IOException | JsonParseException e) {
            err.println("vswap model: cannot read the model: " + e.getMessage());
            return BAD_FILES;
        } catch (IllegalArgumentException e) {
            err.println("vswap model: " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err.println("vswap model: failed: " + e);
            return BAD_FILES;
        }
    }

    private int usage(String problem) {
        err.println("vswap model: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }

    private int inspect(Path folder, boolean verify) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "not a folder");
        }
        int found = 0;
        int worst = OK;
        for (ModelComponent c : ModelComponents.all().values()) {
            Path dir = folder.resolve(c.folder());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            found++;
            out.println("[" + c.folder() + "]");
            ModelComponent.Inspection i = c.inspect(dir);
            i.print(out);
            if (!i.report().isComplete()) {
                err.println("vswap model: " + c.folder() + ": " + i.report().missing().size() + " missing and "
                        + i.report().mismatched().size() + " wrong-shaped parameter(s); the model cannot run");
                worst = INCOMPLETE;
            }
        }
        if (found == 0) {
            throw new NoSuchFileException(folder.toString(), null,
                    "no known component folder (" + String.join(", ", ModelComponents.all().keySet()) + ")");
        }
        if (verify) {
            if (!ModelChecksums.present(folder)) {
                err.println("vswap model: " + folder + " has no " + ModelChecksums.FILE + " to verify against; the files "
                        + "were not checked (write one with their SHA-256, or get the model from a source that has one)");
                return BAD_FILES;
            }
            VideoDiffusionModel.Layout layout = VideoDiffusionModel.Layout.of(folder);
            ModelChecksums.verify(layout); // throws naming the first file that does not match
            out.println("[checksums]");
            for (Path f : layout.loadedFiles()) {
                out.println("  ok  " + folder.toAbsolutePath().normalize().relativize(f.toAbsolutePath().normalize()));
            }
            out.println("  every file a load reads matches " + ModelChecksums.FILE);
        }
        return worst;
    }

    private int runComponent(List<String> a) throws Exception {
        List<String> rest = new ArrayList<>(a);
        String inputs = option(rest, "--inputs");
        String outputs = option(rest, "--outputs");
        if (rest.size() != 2 || inputs == null || outputs == null) {
            return usage("run needs <model-folder> <component> --inputs FILE --outputs FILE");
        }
        ModelComponent c = ModelComponents.byFolder(rest.get(1)).orElseThrow(() -> new IllegalArgumentException(
                "unknown component '" + rest.get(1) + "' (known: " + ModelComponents.all().keySet() + ")"));
        Path dir = Path.of(rest.get(0)).resolve(c.folder());
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no " + c.folder() + " folder");
        }
        Path in = Path.of(inputs);
        return runtime.call(() -> {
            try (NDManager m = runtime.newManager(); ModelComponent.Loaded model = c.load(dir, m);
                    SafetensorsFile f = openInputs(in)) {
                Map<String, NDArray> tensors = new LinkedHashMap<>();
                for (String name : model.inputs()) {
                    if (f.contains(name)) {
                        try {
                            // whole numbers (a timestep, token ids) may come as integers
                            tensors.put(name, f.loadNumbers(name, m));
                        } catch (IOException e) {
                            throw new IllegalArgumentException("the inputs file: " + e.getMessage(), e);
                        }
                    } else if (model.needsAllInputs()) {
                        throw new IllegalArgumentException(in + " has no tensor '" + name + "' (needs " + model.inputs() + ")");
                    }
                }
                if (tensors.isEmpty()) {
                    throw new IllegalArgumentException(in + " has none of the tensors " + model.inputs());
                }
                long t0 = System.nanoTime();
                Map<String, NDArray> result = model.run(tensors);
                long t1 = System.nanoTime();
                SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
                result.forEach(w::add);
                w.write(Path.of(outputs));
                result.forEach((k, v) -> out.println(k + " " + v.getShape() + " -> " + outputs));
                out.printf("forward %.1f ms%n", (t1 - t0) / 1e6);
                return OK;
            }
        });
    }

    /** The inputs file, whose problems are said as the inputs', not the model's. */
    private static SafetensorsFile openInputs(Path in) throws IOException {
        try {
            return SafetensorsFile.open(in);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalArgumentException("the inputs file " + in + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String option(List<String> rest, String name) {
        int i = rest.indexOf(name);
        if (i < 0 || i + 1 >= rest.size()) {
            return null;
        }
        String v = rest.get(i + 1);
        rest.remove(i + 1);
        rest.remove(i);
        return v;
    }
}
