package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;

/** The CLIP text encoder and its BPE tokenizer. */
class ClipTest {

    /** runwayml/stable-diffusion-v1-5, text_encoder/config.json as published. */
    static final String SD15_TEXT_CONFIG = """
            {
              "architectures": ["CLIPTextModel"],
              "attention_dropout": 0.0,
              "bos_token_id": 0,
              "dropout": 0.0,
              "eos_token_id": 2,
              "hidden_act": "quick_gelu",
              "hidden_size": 768,
              "initializer_factor": 1.0,
              "initializer_range": 0.02,
              "intermediate_size": 3072,
              "layer_norm_eps": 1e-05,
              "max_position_embeddings": 77,
              "model_type": "clip_text_model",
              "num_attention_heads": 12,
              "num_hidden_layers": 12,
              "pad_token_id": 1,
              "projection_dim": 768,
              "torch_dtype": "float32",
              "transformers_version": "4.22.0.dev0",
              "vocab_size": 49408
            }
            """;

    /** Merges in rank order. "o w</w>" ranks below "l o" and "lo w</w>", so "low" must not end as "l ow</w>". */
    static final List<String> MERGES = List.of("l o", "lo w</w>", "c a", "ca t</w>", "e r</w>", "o w</w>", "lo w",
            "low er</w>", "a t</w>");

    /** A tiny CLIP-style vocabulary: letters and a few signs, each alone and with </w>, the merges, bos, eos. */
    static Map<String, Integer> tinyVocab() {
        Map<String, Integer> v = new LinkedHashMap<>();
        for (char ch : "!,<>1abcdefghijklmnopqrstuvwxyz".toCharArray()) {
            v.put(String.valueOf(ch), v.size());
        }
        for (char ch : "!,<>1abcdefghijklmnopqrstuvwxyz".toCharArray()) {
            v.put(ch + "</w>", v.size());
        }
        for (String m : MERGES) {
            v.putIfAbsent(m.replace(" ", ""), v.size());
        }
        v.put(ClipTokenizer.BOS, v.size());
        v.put(ClipTokenizer.EOS, v.size());
        return v;
    }

    /** Writes a tokenizer/ folder; {@code padToken}/{@code maxLength} null: no config files. */
    static Path tokenizerFolder(Path dir, String padToken, Integer maxLength) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("vocab.json"), tinyVocab().entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": " + e.getValue()).collect(Collectors.joining(", ", "{", "}")));
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", MERGES) + "\n");
        if (padToken != null) {
            Files.writeString(dir.resolve("special_tokens_map.json"), "{\"bos_token\": {\"content\": \"<|startoftext|>\"},"
                    + " \"pad_token\": \"" + padToken + "\"}");
        }
        if (maxLength != null) {
            Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": " + maxLength + "}");
        }
        return dir;
    }

    static int id(String token) {
        Integer i = tinyVocab().get(token);
        assertTrue(i != null, token);
        return i;
    }

    static CLIPTextConfig tinyConfig(int vocab) {
        return new CLIPTextConfig(vocab, 32, 64, 2, 4, 16, "quick_gelu", 1e-5);
    }

    @Test
    void sd15ConfigGivesThePublishedParameterCountAndNames(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("config.json");
        Files.writeString(json, SD15_TEXT_CONFIG);
        CLIPTextConfig c = CLIPTextConfig.read(json);
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (TextEncoderModel te = TextEncoderModel.create(c)) {
                // transformers: CLIPTextModel.from_pretrained(sd-1.5, subfolder="text_encoder").num_parameters()
                // == 123060480 (ViT-L/14's text tower 123,650,304 less the 768×768 text_projection)
                assertEquals(123_060_480L, te.parameterCount());
                Map<String, Shape> s = te.parameterShapes();
                assertEquals(196, s.size()); // 2 embeddings + 12 layers × 16 + final norm 2
                assertEquals(new Shape(49408, 768), s.get("text_model.embeddings.token_embedding.weight"));
                assertEquals(new Shape(77, 768), s.get("text_model.embeddings.position_embedding.weight"));
                assertEquals(new Shape(768, 768), s.get("text_model.encoder.layers.0.self_attn.q_proj.weight"));
                assertEquals(new Shape(768), s.get("text_model.encoder.layers.11.self_attn.out_proj.bias"));
                assertEquals(new Shape(768), s.get("text_model.encoder.layers.3.layer_norm1.weight"));
                assertEquals(new Shape(3072, 768), s.get("text_model.encoder.layers.5.mlp.fc1.weight"));
                assertEquals(new Shape(768, 3072), s.get("text_model.encoder.layers.5.mlp.fc2.weight"));
                assertEquals(new Shape(768), s.get("text_model.encoder.layers.11.layer_norm2.bias"));
                assertEquals(new Shape(768), s.get("text_model.final_layer_norm.weight"));
                assertFalse(s.containsKey("text_model.encoder.layers.12.mlp.fc1.weight"));
            }
            return null;
        });
    }

    @Test
    void bpeAppliesMergesInRankOrderWithEndOfWord(@TempDir Path dir) throws Exception {
        ClipTokenizer t = ClipTokenizer.fromFolder(tokenizerFolder(dir.resolve("tok"), null, null));
        assertEquals(77, t.maxLength());
        assertEquals(t.eosId(), t.padId(), "no pad token configured: eos pads");
        // "  A Low\tcat, LOWER!" → a | low | cat | , | lower | !
        assertArrayEquals(new int[] { id("a</w>"), id("low</w>"), id("cat</w>"), id(",</w>"), id("lower</w>"),
                id("!</w>") }, t.tokenize("  A Low\tcat, LOWER!"));
        // "lo" alone: "l o" merges but nothing turns "lo</w>"…: l + o</w>; "lo" inside "low" merges
        assertArrayEquals(new int[] { id("l"), id("o</w>") }, t.tokenize("lo"));
        // "cats": c a t s</w> → ca t s</w> (no "ca t" merge without </w>)
        assertArrayEquals(new int[] { id("ca"), id("t"), id("s</w>") }, t.tokenize("cats"));
        int[] e = t.encode("a cat");
        assertEquals(77, e.length);
        assertArrayEquals(new int[] { id(ClipTokenizer.BOS), id("a</w>"), id("cat</w>"), id(ClipTokenizer.EOS),
                id(ClipTokenizer.EOS) }, Arrays.copyOf(e, 5));
        assertEquals(id(ClipTokenizer.EOS), e[76]);
    }

    @Test
    void padTokenAndLengthFromTheConfigsAndTruncation(@TempDir Path dir) throws Exception {
        ClipTokenizer t = ClipTokenizer.fromFolder(tokenizerFolder(dir.resolve("tok"), "!", 8));
        assertEquals(8, t.maxLength());
        assertEquals(id("!"), t.padId());
        assertArrayEquals(new int[] { id(ClipTokenizer.BOS), id("cat</w>"), id(ClipTokenizer.EOS), id("!"), id("!"),
                id("!"), id("!"), id("!") }, t.encode("cat"));
        int[] e = t.encode("a b c d e f g h i j");
        assertArrayEquals(new int[] { id(ClipTokenizer.BOS), id("a</w>"), id("b</w>"), id("c</w>"), id("d</w>"),
                id("e</w>"), id("f</w>"), id(ClipTokenizer.EOS) }, e);
    }

    @Test
    void addedTokensAreOneIdAndWordPositionsAreFound(@TempDir Path dir) throws Exception {
        ClipTokenizer t = ClipTokenizer.fromFolder(tokenizerFolder(dir.resolve("tok"), null, 16));
        int cat1 = t.addToken("<cat1>");
        assertEquals(t.vocabSize(), cat1);
        assertThrows(IllegalArgumentException.class, () -> t.addToken("<cat1>"));
        assertArrayEquals(new int[] { id("a</w>"), cat1, id("cat</w>") }, t.tokenize("a <CAT1> cat"));
        // positions count the bos token
        assertArrayEquals(new int[] { 2 }, t.wordPositions("a <cat1> cat", "<cat1>"));
        assertArrayEquals(new int[] { 3 }, t.wordPositions("a <cat1> cat", "cat"));
        assertArrayEquals(new int[] { 2, 3, 4 }, t.wordPositions("a cats lower", "cats"));
        assertArrayEquals(new int[0], t.wordPositions("a cats lower", "cat"), "cat is not inside cats");
        assertArrayEquals(new int[] { 1, 4 }, t.wordPositions("cat a b cat", "cat"));
        assertArrayEquals(new int[] { 5, 6 }, t.wordPositions("a b c d low cat", "low cat"));
        // truncated away: 16 - 2 = 14 tokens fit
        assertArrayEquals(new int[0], t.wordPositions("a a a a a a a a a a a a a a cat", "cat"));
        assertArrayEquals(new int[] { 14 }, t.wordPositions("a a a a a a a a a a a a a cat", "cat"));
    }

    @Test
    void tinyForwardShapeAndCausalMask() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        CLIPTextConfig c = tinyConfig(tinyVocab().size());
        rt.call(() -> {
            try (NDManager root = rt.newManager(); TextEncoderModel te = TextEncoderModel.create(c)) {
                te.initialize(root, 3);
                int[] a = new int[16];
                for (int i = 0; i < 16; i++) {
                    a[i] = (i * 7 + 3) % c.vocabSize();
                }
                int[] b = a.clone();
                b[5] = (a[5] + 11) % c.vocabSize();
                try (NDManager step = root.newSubManager()) {
                    NDArray h = te.encode(step, new int[][] { a, b });
                    assertEquals(new Shape(2, 16, 32), h.getShape());
                    assertTrue(h.isNaN().none().getBoolean());
                    assertArrayEquals(h.get("0, 0:5").toFloatArray(), h.get("1, 0:5").toFloatArray(), 0f,
                            "positions before the changed token do not see it");
                    for (int pos = 5; pos < 16; pos++) {
                        assertFalse(Arrays.equals(h.get("0, " + pos).toFloatArray(), h.get("1, " + pos).toFloatArray()),
                                "position " + pos + " sees token 5");
                    }
                    // shorter sequences run too (positions 0..L-1)
                    assertEquals(new Shape(1, 5, 32), te.encode(step, new int[][] { Arrays.copyOf(a, 5) }).getShape());
                    assertThrows(IllegalArgumentException.class,
                            () -> te.encode(step, new int[][] { { c.vocabSize() } }));
                }
            }
            return null;
        });
    }

    @Test
    void anAddedTokenHasItsOwnTrainableEmbedding(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        ClipTokenizer tok = ClipTokenizer.fromFolder(tokenizerFolder(dir.resolve("tok"), null, 16));
        CLIPTextConfig c = tinyConfig(tok.vocabSize());
        int[] ids = tok.encode("a <cat1> cat");
        rt.call(() -> {
            try (NDManager root = rt.newManager(); TextEncoderModel te = TextEncoderModel.create(c);
                    TextEncoderModel te2 = TextEncoderModel.create(c)) {
                te.initialize(root, 5);
                te2.initialize(root, 5);
                // tokenizer added after encoding above: re-encode once both know the token
                int idTok = tok.addToken("<cat1>");
                NDArray init = te.parameters().get("text_model.embeddings.token_embedding.weight").get(id("cat</w>"));
                assertEquals(idTok, te.addToken("<cat1>", init));
                assertEquals(idTok, te2.addToken("<cat1>", SeededNoise.normal(root, 1, new Shape(32))));
                assertEquals(idTok, te.addedTokenId("<cat1>"));
                int[] withToken = tok.encode("a <cat1> cat");
                assertFalse(Arrays.equals(ids, withToken));
                assertEquals(idTok, withToken[2]);
                int[] withCat = withToken.clone();
                withCat[2] = id("cat</w>");
                try (NDManager step = root.newSubManager()) {
                    // initialised from "cat": the same hidden states as the word itself
                    assertArrayEquals(te.encode(step, new int[][] { withCat }).toFloatArray(),
                            te.encode(step, new int[][] { withToken }).toFloatArray(), 1e-6f);
                    NDArray h1 = te.encode(step, new int[][] { withToken });
                    NDArray h2 = te2.encode(step, new int[][] { withToken });
                    assertArrayEquals(h1.get("0, 0:2").toFloatArray(), h2.get("0, 0:2").toFloatArray(), 0f);
                    assertFalse(Arrays.equals(h1.get("0, 2").toFloatArray(), h2.get("0, 2").toFloatArray()),
                            "the added row is what the token looks up");
                }
                NDArray row = te.addedTokenEmbeddings().get("<cat1>");
                row.setRequiresGradient(true);
                try (NDManager step = root.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(te.encode(step, new int[][] { withToken }).square().mean());
                    }
                    assertTrue(row.getGradient().abs().sum().getFloat() > 0, "the added embedding is trained");
                }
                // save/load of the added tokens and of the model
                Path emb = dir.resolve("learned_embeds.safetensors");
                Path model = dir.resolve("text_encoder.safetensors");
                te.saveAddedTokens(emb);
                te.save(model);
                try (TextEncoderModel te3 = TextEncoderModel.create(c); SafetensorsFile fm = SafetensorsFile.open(model);
                        SafetensorsFile fe = SafetensorsFile.open(emb)) {
                    ParameterLoadReport r = te3.load(fm, root);
                    assertTrue(r.isComplete() && r.unexpected().isEmpty(), r.toString());
                    te3.loadAddedTokens(fe);
                    assertEquals(idTok, te3.addedTokenId("<cat1>"));
                    try (NDManager step = root.newSubManager()) {
                        assertArrayEquals(te.encode(step, new int[][] { withToken }).toFloatArray(),
                                te3.encode(step, new int[][] { withToken }).toFloatArray(), 0f);
                    }
                }
            }
            return null;
        });
    }
}
