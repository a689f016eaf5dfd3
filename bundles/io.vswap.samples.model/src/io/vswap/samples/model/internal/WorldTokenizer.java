package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import io.vswap.files.api.AtomicFile;

/**
 * A CLIP-format tokenizer folder ({@code vocab.json}, {@code merges.txt}, configs) for a small
 * vocabulary: the 256 byte symbols and their word-final forms as in CLIP, then byte-pair merges
 * learnt on the given words until every word is one token. Any text still tokenizes (unknown
 * words fall back to pieces), and the words the model was trained on are single tokens, as in a
 * real CLIP vocabulary.
 */
public final class WorldTokenizer {

    private WorldTokenizer() {
    }

    /** Writes the folder; returns the vocabulary size. */
    public static int write(Path folder, List<String> words, int maxLength) throws IOException {
        char[] byteChars = bytesToUnicode();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (char c : byteChars) {
            vocab.put(String.valueOf(c), vocab.size());
        }
        for (char c : byteChars) {
            vocab.put(c + "</w>", vocab.size());
        }
        List<String> merges = learnMerges(new TreeSet<>(words));
        for (String m : merges) {
            vocab.putIfAbsent(m.replace(" ", ""), vocab.size());
        }
        vocab.put("<|startoftext|>", vocab.size());
        vocab.put("<|endoftext|>", vocab.size());
        Files.createDirectories(folder);
        JsonObject v = new JsonObject();
        vocab.forEach(v::addProperty);
        var gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        AtomicFile.writeString(folder.resolve("vocab.json"), gson.toJson(v));
        AtomicFile.writeString(folder.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", merges) + "\n");
        JsonObject cfg = new JsonObject();
        cfg.addProperty("tokenizer_class", "CLIPTokenizer");
        cfg.addProperty("model_max_length", maxLength);
        cfg.addProperty("bos_token", "<|startoftext|>");
        cfg.addProperty("eos_token", "<|endoftext|>");
        cfg.addProperty("unk_token", "<|endoftext|>");
        cfg.addProperty("pad_token", "<|endoftext|>");
        AtomicFile.writeString(folder.resolve("tokenizer_config.json"), gson.toJson(cfg));
        JsonObject special = new JsonObject();
        special.addProperty("bos_token", "<|startoftext|>");
        special.addProperty("eos_token", "<|endoftext|>");
        special.addProperty("unk_token", "<|endoftext|>");
        special.addProperty("pad_token", "<|endoftext|>");
        AtomicFile.writeString(folder.resolve("special_tokens_map.json"), gson.toJson(special));
        return vocab.size();
    }

    /** Classic BPE training: merge the most frequent adjacent pair (ties: the smaller pair) until each word is one symbol. */
    static List<String> learnMerges(TreeSet<String> words) {
        List<List<String>> split = new ArrayList<>();
        for (String w : words) {
            String lower = w.toLowerCase(java.util.Locale.ROOT);
            List<String> s = new ArrayList<>();
            for (int i = 0; i < lower.length(); i++) {
                s.add(lower.charAt(i) + (i == lower.length() - 1 ? "</w>" : ""));
            }
            split.add(s);
        }
        List<String> merges = new ArrayList<>();
        while (true) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            for (List<String> s : split) {
                for (int i = 0; i + 1 < s.size(); i++) {
                    counts.merge(s.get(i) + " " + s.get(i + 1), 1, Integer::sum);
                }
            }
            if (counts.isEmpty()) {
                return merges;
            }
            String best = null;
            int bestCount = 0;
            for (var e : counts.entrySet()) { // TreeMap order: the first of the most frequent wins ties
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            merges.add(best);
            String[] pair = best.split(" ");
            for (List<String> s : split) {
                for (int i = 0; i + 1 < s.size(); i++) {
                    if (s.get(i).equals(pair[0]) && s.get(i + 1).equals(pair[1])) {
                        s.set(i, pair[0] + pair[1]);
                        s.remove(i + 1);
                    }
                }
            }
        }
    }

    /** GPT-2's reversible map from bytes to printable characters, which CLIP's vocabulary is written in. */
    static char[] bytesToUnicode() {
        char[] out = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        }
        int n = 0;
        // CLIP's vocab.json lists the printable bytes first (in byte order), then the others mapped to 256+n
        char[] ordered = new char[256];
        int k = 0;
        for (int b = 0; b < 256; b++) {
            if (printable[b]) {
                out[b] = (char) b;
                ordered[k++] = (char) b;
            }
        }
        for (int b = 0; b < 256; b++) {
            if (!printable[b]) {
                out[b] = (char) (256 + n++);
                ordered[k++] = out[b];
            }
        }
        return ordered;
    }
}
