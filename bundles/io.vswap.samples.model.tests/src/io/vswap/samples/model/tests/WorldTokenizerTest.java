package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.model.api.SampleModelConfigs;
import io.vswap.samples.model.internal.WorldTokenizer;

/** The sample model's tokenizer folder reads back through the CLIP tokenizer real models use. */
class WorldTokenizerTest {

    @Test
    void everyWorldWordIsOneTokenAndAnyTextStillTokenizes(@TempDir Path dir) throws Exception {
        List<String> words = SampleWorld.vocabulary();
        int size = WorldTokenizer.write(dir, words, SampleModelConfigs.MAX_TOKENS);
        ClipTokenizer tok = ClipTokenizer.fromFolder(dir);
        assertEquals(size, tok.vocabSize());
        assertEquals(SampleModelConfigs.MAX_TOKENS, tok.maxLength());
        for (String w : words) {
            assertEquals(1, tok.tokenize(w).length, w + " → " + java.util.Arrays.toString(tok.tokenize(w)));
        }
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            String caption = SampleSpec.random(r).caption();
            int[] ids = tok.encode(caption);
            assertEquals(SampleModelConfigs.MAX_TOKENS, ids.length);
            assertEquals(caption.split(" ").length, tok.tokenize(caption).length, caption);
        }
        // an unknown word falls back to pieces instead of failing, as CLIP's byte-level BPE does
        assertTrue(tok.tokenize("helicopter").length > 1);
        assertEquals(tok.eosId(), tok.encode("")[1]);
    }

    @Test
    void theFolderIsTheSameEveryTime(@TempDir Path a, @TempDir Path b) throws Exception {
        WorldTokenizer.write(a, SampleWorld.vocabulary(), 16);
        WorldTokenizer.write(b, SampleWorld.vocabulary(), 16);
        for (String f : List.of("vocab.json", "merges.txt", "tokenizer_config.json")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
    }
}
