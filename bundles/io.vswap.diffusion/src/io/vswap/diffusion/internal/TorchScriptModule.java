package io.vswap.diffusion.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

/**
 * A PyTorch operation that DJL's bindings do not offer, reached through a TorchScript module of
 * one {@code forward} method that libtorch compiles from source when it loads it (loaded once
 * per process, on first use). The archive is the one {@code torch.jit.save} writes for such a
 * module, made here (a few hundred bytes: the pickled module object, its code, no constants,
 * format version 3). Under autograd the module runs in training mode: DJL runs an eval-mode call
 * under inference mode, which records no graph.
 */
public final class TorchScriptModule {

    private final String className;
    private final String code;
    private final String what;
    private volatile PtSymbolBlock block; // its base manager lives as long as the process
    private volatile RuntimeException unavailable;

    /**
     * @param className the module's class in {@code __torch__}
     * @param code its {@code code/__torch__.py}: {@code class <className>(Module)} with a {@code forward}
     * @param what what it does, in words, for the message when it cannot be loaded
     */
    public TorchScriptModule(String className, String code, String what) {
        this.className = className;
        this.code = code;
        this.what = what;
    }

    /**
     * Loads the module with {@code like}'s engine if it is not yet; throws, saying why, when the
     * engine cannot load it (then every later call throws the same).
     */
    public void load(NDArray like) {
        if (block != null) {
            return;
        }
        synchronized (this) {
            if (block == null && unavailable == null) {
                NDManager home = like.getManager().getEngine().newBaseManager();
                try {
                    block = JniUtils.loadModule((PtNDManager) home, new ByteArrayInputStream(archive(className, code)),
                            true, false);
                } catch (IOException | RuntimeException | LinkageError e) {
                    home.close();
                    unavailable = new IllegalStateException(what + " could not be loaded (" + e.getMessage() + ")", e);
                }
            }
            if (unavailable != null) {
                throw unavailable;
            }
        }
    }

    /** {@code forward(inputs…)}, recorded for autograd when grad mode is on; the result in the first input's manager. */
    public NDArray call(NDArray... inputs) {
        load(inputs[0]);
        NDManager manager = inputs[0].getManager();
        NDList out = block.forward(new ParameterStore(manager, false), new NDList(inputs), JniUtils.isGradMode());
        NDArray o = out.singletonOrThrow();
        o.attach(manager);
        return o;
    }

    /** Whether the module is loaded in this process. */
    public boolean loaded() {
        return block != null;
    }

    /** The TorchScript archive: {@code data.pkl}, {@code code/__torch__.py}, {@code constants.pkl}, {@code version}. */
    static byte[] archive(String className, String code) throws IOException {
        byte[] training = "training".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        // pickle protocol 2: GLOBAL __torch__.<className>, NEWOBJ(), BUILD {"training": False}
        data.writeBytes(new byte[] { (byte) 0x80, 2 });
        data.writeBytes(("c__torch__\n" + className + "\nq\u0000)\u0081q\u0001}q\u0002(X")
                .getBytes(StandardCharsets.ISO_8859_1));
        data.writeBytes(new byte[] { (byte) training.length, 0, 0, 0 });
        data.writeBytes(training);
        data.writeBytes("q\u0003\u0089ub.".getBytes(StandardCharsets.ISO_8859_1));
        String root = className.toLowerCase(java.util.Locale.ROOT);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            stored(z, root + "/data.pkl", data.toByteArray());
            stored(z, root + "/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
            stored(z, root + "/constants.pkl", new byte[] { (byte) 0x80, 2, ')', 'q', 0, '.' });
            stored(z, root + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return zip.toByteArray();
    }

    private static void stored(ZipOutputStream z, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        e.setTime(315532800000L); // 1980-01-01: the same bytes on every build
        z.putNextEntry(e);
        z.write(bytes);
        z.closeEntry();
    }
}
