package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

import io.vswap.swap.api.EditMethod;
import io.vswap.swap.internal.SwapSizeAdvisor;
import io.vswap.swap.internal.VideoSwapMethod;
import io.vswap.testing.TestServices;
import io.vswap.video.api.ClipSizeAdvisor;
import io.vswap.video.api.ClipSizeAdvisor.ModelSize;
import io.vswap.video.api.ClipSizeAdvisor.SizeAdvice;

/**
 * The clip-size advice the import wizard shows: the installed sample model's own size from its
 * configs, and a swap's cost at a size measured on this machine (a UNet pass timed there, times
 * the passes VideoSwap says it runs); a size far from the model's is flagged in words.
 */
class SwapSizeAdvisorTest {

    @Test
    void theSampleModelWorksAt64AndALargerClipCostsMoreAndIsFlagged() throws Exception {
        ClipSizeAdvisor advisor = TestServices.await(ClipSizeAdvisor.class);
        ModelSize size = advisor.modelSize().orElseThrow();
        assertEquals(64, size.width());
        assertEquals(64, size.height());
        assertEquals("64 × 64", size.label());

        SizeAdvice own = advisor.advise(64, 64, 16, new NullProgressMonitor());
        SizeAdvice larger = advisor.advise(128, 128, 16, new NullProgressMonitor());
        System.out.println("swap estimates, sample model, 16 frames: 64 × 64 " + own.summary() + " (" + own.time()
                + "), 128 × 128 " + larger.summary() + " (" + larger.time() + "); warning: " + larger.warning());
        assertTrue(own.time().compareTo(Duration.ZERO) > 0 && own.bytes() > 0, own.toString());
        assertNull(own.warning(), "the model's own size is not flagged: " + own.warning());
        assertTrue(larger.time().compareTo(own.time()) > 0, "4 times the area takes longer: " + larger + " vs " + own);
        assertTrue(larger.bytes() > own.bytes(), "and more memory");
        assertNotNull(larger.warning());
        assertTrue(larger.warning().contains("made for 64 × 64 clips; 128 × 128 is 4 times its area"),
                larger.warning());
        assertTrue(own.summary().matches("about \\d+ (s|min), \\d+\\.\\d GB"), own.summary());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> advisor.advise(66, 64, 16, new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("multiples of 4"), e.getMessage());
    }

    /**
     * VideoSwap's passes, counted by hand for the paper's settings on 16 frames (one window): DIFT
     * 8 draws × 16, registration 100 × 16 × 3, inversion 50 × 16, edit 2 × 50 × 16; with two
     * placement passes and the guidance on, each edit adds 3 × 25 motion steps × 16.
     */
    @Test
    void videoSwapCountsItsPasses() {
        EditMethod m = TestServices.awaitKeyed(EditMethod.class, EditMethod::id, VideoSwapMethod.ID)
                .get(VideoSwapMethod.ID);
        assertEquals(8 * 16 + 100 * 16 * 3 + 50 * 16 + 2 * 50 * 16, m.framePasses(Map.of(), 16).orElseThrow(), 1e-9);
        assertEquals(8 * 16 + 100 * 16 * 3 + 50 * 16 + 2 * (2 * 50 * 16 + 3 * 25 * 16),
                m.framePasses(Map.of("placementPasses", 2, "placementGuidance", 30.0), 16).orElseThrow(), 1e-9);
        // 28 frames: windows of 16 overlapping by 4 (0-15, 12-27): every per-window stage runs 32 frames
        assertEquals(8 * 28 + 100 * 2 * 16 * 3 + 50 * 32 + 2 * 50 * 32, m.framePasses(Map.of(), 28).orElseThrow(),
                1e-9);
    }

    @Test
    void warningsSayWhyInWords() {
        ModelSize sd = new ModelSize("SD", 512, 512);
        assertNull(SwapSizeAdvisor.warning(sd, 512, 512, Duration.ofMinutes(5), 1_000_000_000L));
        String w = SwapSizeAdvisor.warning(sd, 256, 256, Duration.ofMinutes(95), 1L << 50);
        assertTrue(w.contains("256 × 256 is 1/4 of its area") && w.contains("about 1.6 h on this machine")
                && w.contains("more than this machine's"), w);
    }
}
