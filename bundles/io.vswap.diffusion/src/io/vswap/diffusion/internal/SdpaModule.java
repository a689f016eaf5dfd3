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
 * PyTorch's {@code scaled_dot_product_attention}, which DJL's bindings do not offer, reached
 * through a TorchScript module of one method that libtorch compiles from source when it loads
 * it. On the CPU it runs PyTorch's flash-attention kernel (forward and backward: the backward
 * keeps q, k, v, the output and a log-sum-exp per row instead of the {@code [N, N]}
 * probabilities); on a GPU the flash or memory-efficient CUDA kernels.
 *
 * <p>The archive is the one {@code torch.jit.save} writes for such a module, made here (a few
 * hundred bytes: the pickled module object, its code, no constants, format version 3). The CPU
 * flash kernel takes 4-D {@code [batch, heads, tokens, dim]} inputs only (on 3-D ones PyTorch
 * falls back to its math kernel, which materialises the scores), so 3-D inputs are run as one
 * head each. Under autograd the module runs in training mode: DJL runs an eval-mode call under
 * inference mode, which records no graph.
 */
public final class SdpaModule {

    private static final String CODE = """
            class SDPA(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.SDPA,
                q: Tensor,
                k: Tensor,
                v: Tensor) -> Tensor:
                if torch.eq(torch.dim(q), 3):
                  out = torch.scaled_dot_product_attention(torch.unsqueeze(q, 1), torch.unsqueeze(k, 1), torch.unsqueeze(v, 1))
                  return torch.squeeze(out, 1)
                return torch.scaled_dot_product_attention(q, k, v)
            """;

    private static volatile SdpaModule instance;
    private static volatile RuntimeException unavailable;

    private final PtSymbolBlock block;

    private SdpaModule(PtSymbolBlock block) {
        this.block = block; // its base manager lives as long as the process
    }

    /**
     * The module, loaded once per process with {@code like}'s engine; throws, saying why, when the
     * engine cannot load it (then every later call throws the same).
     */
    public static SdpaModule get(NDArray like) {
        SdpaModule m = instance;
        if (m != null) {
            return m;
        }
        synchronized (SdpaModule.class) {
            if (instance == null && unavailable == null) {
                NDManager home = like.getManager().getEngine().newBaseManager();
                try {
                    PtSymbolBlock b = JniUtils.loadModule((PtNDManager) home, new ByteArrayInputStream(archive()), true,
                            false);
                    instance = new SdpaModule(b);
                } catch (IOException | RuntimeException | LinkageError e) {
                    home.close();
                    unavailable = new IllegalStateException("PyTorch's scaled-dot-product attention could not be loaded ("
                            + e.getMessage() + ")", e);
                }
            }
            if (unavailable != null) {
                throw unavailable;
            }
            return instance;
        }
    }

    /** {@code softmax(q·kᵀ/√d)·v} for {@code [batch, tokens, dim]} or {@code [batch, heads, tokens, dim]}; in q's manager. */
    public NDArray attend(NDArray q, NDArray k, NDArray v) {
        boolean recording = JniUtils.isGradMode();
        NDList out = block.forward(new ParameterStore(q.getManager(), false), new NDList(q, k, v), recording);
        NDArray o = out.singletonOrThrow();
        o.attach(q.getManager());
        return o;
    }

    /** The TorchScript archive: {@code data.pkl}, {@code code/__torch__.py}, {@code constants.pkl}, {@code version}. */
    static byte[] archive() throws IOException {
        byte[] training = "training".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        // pickle protocol 2: GLOBAL __torch__.SDPA, NEWOBJ(), BUILD {"training": False}
        data.writeBytes(new byte[] { (byte) 0x80, 2 });
        data.writeBytes("c__torch__\nSDPA\nq\u0000)\u0081q\u0001}q\u0002(X".getBytes(StandardCharsets.ISO_8859_1));
        data.writeBytes(new byte[] { (byte) training.length, 0, 0, 0 });
        data.writeBytes(training);
        data.writeBytes("q\u0003\u0089ub.".getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            stored(z, "sdpa/data.pkl", data.toByteArray());
            stored(z, "sdpa/code/__torch__.py", CODE.getBytes(StandardCharsets.UTF_8));
            stored(z, "sdpa/constants.pkl", new byte[] { (byte) 0x80, 2, ')', 'q', 0, '.' });
            stored(z, "sdpa/version", "3\n".getBytes(StandardCharsets.US_ASCII));
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

    /** For tests: whether the module is loaded in this process. */
    public static boolean loaded() {
        return instance != null;
    }
}
