package io.vswap.diffusion.internal.gradcheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import ai.djl.ndarray.NDManager;

import io.vswap.diffusion.api.GradientConfiguration;
import io.vswap.diffusion.api.TensorRuntimeException;
import io.vswap.files.api.AtomicFile;

/**
 * Chooses the configuration that computes training gradients: the default first, then oneDNN
 * switched off; the first whose {@link GradientSelfCheck} passes is applied to the process and
 * the verdict cached (one small JSON file per machine key: CPU model and features, library
 * versions, the kernel settings in the environment, this check's version).
 */
public final class TrainingGradients {

    /** Raise when the checked ops or tolerances change: older verdicts are then checked again. */
    static final int CHECK_VERSION = 3;

    /** A cached verdict. */
    record Verdict(int version, String key, String machine, String configuration, List<String> checks,
            List<String> rejected, String checkedAt) {
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path cacheDir;
    private final MachineKey machine;
    private final GradientSelfCheck check;
    private final List<GradientSelfCheck.Op> ops;

    public TrainingGradients(Path cacheDir, MachineKey machine, GradientSelfCheck check, List<GradientSelfCheck.Op> ops) {
        this.cacheDir = cacheDir;
        this.machine = machine;
        this.check = check;
        this.ops = ops;
    }

    /**
     * The configuration to train in, applied to this process.
     *
     * @throws TensorRuntimeException when none gives right gradients (the process is left in the default)
     */
    public GradientConfiguration choose(NDManager manager) {
        Optional<OneDnnSwitch> oneDnn = OneDnnSwitch.ofLoadedLibrary();
        Optional<Verdict> cached = read();
        if (cached.isPresent()) {
            Verdict v = cached.get();
            if (apply(v.configuration(), oneDnn)) {
                return new GradientConfiguration(v.configuration(), v.machine(), v.checks(), v.rejected(), true);
            }
        }
        List<String> rejected = new ArrayList<>();
        for (String configuration : List.of(GradientConfiguration.DEFAULT, GradientConfiguration.ONEDNN_OFF)) {
            if (!apply(configuration, oneDnn)) {
                rejected.add(configuration + ": cannot be switched to here");
                continue;
            }
            GradientSelfCheck.Outcome outcome = check.run(manager, configuration, ops);
            if (outcome.ok()) {
                List<String> checks = outcome.checks().stream()
                        .sorted((a, b) -> Double.compare(b.error(), a.error())).map(Object::toString).toList();
                write(new Verdict(CHECK_VERSION, machine.key(), machine.description(), configuration, checks, rejected,
                        Instant.now().toString()));
                return new GradientConfiguration(configuration, machine.description(), checks, rejected, false);
            }
            rejected.add(configuration + ": wrong gradients for "
                    + outcome.failures().stream().map(Object::toString).toList());
        }
        apply(GradientConfiguration.DEFAULT, oneDnn);
        throw new TensorRuntimeException("Training cannot run here: the CPU backend computes wrong gradients on "
                + machine.description() + " in every configuration tried (" + String.join("; ", rejected) + "). "
                + "Training would learn wrong weights, so it does not start. Try a lower instruction set for the "
                + "CPU kernels (start again with ONEDNN_MAX_CPU_ISA=AVX2 and ATEN_CPU_CAPABILITY=avx2 in the "
                + "environment) or another machine, and report the CPU model with this message.", null);
    }

    /** Puts the process in {@code configuration} again (a no-op where it already is). */
    public static void reapply(GradientConfiguration configuration) {
        apply(configuration.id(), OneDnnSwitch.ofLoadedLibrary());
    }

    private static boolean apply(String configuration, Optional<OneDnnSwitch> oneDnn) {
        switch (configuration) {
        case GradientConfiguration.DEFAULT:
            oneDnn.ifPresent(s -> s.setEnabled(true));
            return true;
        case GradientConfiguration.ONEDNN_OFF:
            if (oneDnn.isEmpty()) {
                return false;
            }
            oneDnn.get().setEnabled(false);
            return true;
        default:
            return false;
        }
    }

    private Path file() {
        return cacheDir.resolve("gradients-" + hash(machine.key()) + ".json");
    }

    /** The cached verdict for this machine key; empty when absent, unreadable or of another check version. */
    Optional<Verdict> read() {
        Path f = file();
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Verdict v = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), Verdict.class);
            if (v == null || v.version() != CHECK_VERSION || !machine.key().equals(v.key()) || v.configuration() == null
                    || v.checks() == null || v.rejected() == null) {
                return Optional.empty();
            }
            return Optional.of(v);
        } catch (IOException | JsonParseException e) {
            return Optional.empty(); // checked again and written anew
        }
    }

    private void write(Verdict v) {
        try {
            Files.createDirectories(cacheDir);
            AtomicFile.writeString(file(), GSON.toJson(v));
        } catch (IOException e) {
            // the check runs again next time; nothing else depends on the file
            System.getLogger(TrainingGradients.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot cache the gradient self-check's verdict in " + cacheDir + ": " + e.getMessage());
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
