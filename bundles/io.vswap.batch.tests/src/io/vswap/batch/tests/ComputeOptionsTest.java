package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.vswap.batch.internal.BatchCommand;
import io.vswap.testing.SystemPropertiesRestored;

/**
 * {@code vswap batch --device cpu|gpu --precision fp32|fp16|bf16 …}: a bad value is refused naming
 * the allowed ones; good values become the system properties the tensor runtime reads.
 */
class ComputeOptionsTest {

    @RegisterExtension
    final SystemPropertiesRestored properties = new SystemPropertiesRestored("vswap.device", "vswap.precision",
            "vswap.attention");

    private static void assertRefused(BatchRun r, String... expected) {
        assertEquals(BatchCommand.EXIT_USAGE, r.exitCode, r.err);
        for (String e : expected) {
            assertTrue(r.err.contains(e), "stderr should contain «" + e + "»:\n" + r.err);
        }
        assertTrue(r.err.contains("Nothing was run"), r.err);
    }

    @Test
    void unknownPrecisionNamesTheAllowedValues() {
        String precision = System.getProperty("vswap.precision");
        assertRefused(BatchRun.run("--precision", "fp8", "--help"), "--precision fp8: unknown value",
                "use one of fp32, fp16, bf16");
        assertRefused(BatchRun.run("--precision=double", "--help"), "--precision double", "fp32, fp16, bf16");
        assertEquals(precision, System.getProperty("vswap.precision"), "nothing set by a refused option");
    }

    @Test
    void attentionIsOneOfTheKernels() {
        assertRefused(BatchRun.run("--attention", "flash", "--help"), "--attention flash: unknown value",
                "use one of auto, sdpa, sliced, whole");
        BatchRun r = BatchRun.run("--attention=SLICED", "--help");
        assertEquals(BatchCommand.EXIT_OK, r.exitCode, r.err);
        assertTrue(r.out.contains("--attention auto|sdpa|sliced|whole"), r.out);
        assertEquals("sliced", System.getProperty("vswap.attention"));
    }

    @Test
    void unknownDeviceNamesTheAllowedValues() {
        assertRefused(BatchRun.run("--device", "tpu", "spec.json"), "--device tpu: unknown value", "use one of cpu, gpu");
    }

    @Test
    void missingValueIsRefused() {
        assertRefused(BatchRun.run("--precision"), "--precision needs a value: fp32 | fp16 | bf16");
        assertRefused(BatchRun.run("--device", "--help"), "--device needs a value: cpu | gpu");
    }

    @Test
    void goodValuesSetTheRuntimePropertiesAndTheRestRuns() {
        BatchRun r = BatchRun.run("--device", "CPU", "--precision=BF16", "--help");
        assertEquals(BatchCommand.EXIT_OK, r.exitCode, r.err);
        assertTrue(r.out.contains("--precision fp32|fp16|bf16"), r.out);
        assertEquals("cpu", System.getProperty("vswap.device"));
        assertEquals("bf16", System.getProperty("vswap.precision"));
    }
}
