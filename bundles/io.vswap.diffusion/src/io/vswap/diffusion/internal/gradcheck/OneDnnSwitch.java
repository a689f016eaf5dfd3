package io.vswap.diffusion.internal.gradcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Switches PyTorch's use of oneDNN on the CPU at run time, as {@code torch.backends.mkldnn.enabled}
 * does in Python. DJL has no call for it, so this calls libtorch's {@code at::globalContext()
 * .setUserEnabledMkldnn(bool)} through JNA in the libtorch_cpu the engine has loaded. Off, PyTorch
 * runs convolutions with its own kernels (slower) and no oneDNN primitive is created. Process-wide.
 */
final class OneDnnSwitch {

    private static final String CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final String GET = "_ZNK2at7Context17userEnabledMkldnnEv";

    private final NativeLibrary torch;

    private OneDnnSwitch(NativeLibrary torch) {
        this.torch = torch;
    }

    /** The switch of the libtorch_cpu this process has loaded; empty when none is loaded or it lacks the calls. */
    static Optional<OneDnnSwitch> ofLoadedLibrary() {
        try {
            Optional<Path> lib = loadedLibTorchCpu();
            if (lib.isEmpty()) {
                return Optional.empty();
            }
            NativeLibrary torch = NativeLibrary.getInstance(lib.get().toString());
            torch.getFunction(CONTEXT);
            torch.getFunction(SET);
            torch.getFunction(GET);
            return Optional.of(new OneDnnSwitch(torch));
        } catch (UnsatisfiedLinkError | IOException e) {
            return Optional.empty();
        }
    }

    boolean enabled() {
        return torch.getFunction(GET).invokeInt(new Object[] { context() }) != 0;
    }

    void setEnabled(boolean on) {
        torch.getFunction(SET).invokeVoid(new Object[] { context(), on });
    }

    private Pointer context() {
        Function f = torch.getFunction(CONTEXT);
        return f.invokePointer(new Object[0]);
    }

    /** Linux: the path of libtorch_cpu.so among this process's mapped files. */
    private static Optional<Path> loadedLibTorchCpu() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(l.indexOf('/') < 0 ? l.length() : l.indexOf('/')).trim())
                    .filter(p -> p.endsWith("/libtorch_cpu.so")).findFirst().map(Path::of);
        }
    }
}
