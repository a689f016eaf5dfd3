package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * CLIP's byte-level BPE tokenizer (transformers' {@code CLIPTokenizer}) from a model's
 * {@code tokenizer/} folder ({@code vocab.json}, {@code merges.txt}, optionally
 * {@code special_tokens_map.json} / {@code tokenizer_config.json}). Text is NFC-normalised,
 * whitespace collapsed and lower-cased (no ftfy), split with CLIP's pattern, each piece's
 * UTF-8 bytes mapped to GPT-2's printable characters, {@code </w>} appended to its last
 * character, and merges applied lowest rank first. A sequence is
 * {@code <|startoftext|>, tokens (truncated), <|endoftext|>, pad…} of {@code model_max_length}
 * (77). Added tokens (e.g. {@code <cat1>}) are matched as whole pieces before the pattern and
 * get ids after the vocabulary. Pure Java; needs no {@link TensorRuntime}.
 */
public final class ClipTokenizer {

    public static final String BOS = "<|startoftext|>";
    public static final String EOS = "<|endoftext|>";
    private static final String CLIP_PATTERN = "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d"
            + "|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

    private static final char[] BYTE_TO_CHAR = bytesToUnicode();

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> mergeRanks;
    private final Map<String, Integer> addedTokens = new LinkedHashMap<>();
    private final int bos;
    private final int eos;
    private final int pad;
    private final int maxLength;
    private final Map<String, String[]> cache = new HashMap<>();
    private Pattern pattern;

    /** A piece of the cleaned prompt and its token ids. */
    private record Piece(String text, int[] ids) {
    }

    public ClipTokenizer(Map<String, Integer> vocab, List<String> merges, String padToken, int maxLength) {
        this.vocab = Map.copyOf(vocab);
        this.mergeRanks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            String[] p = merges.get(i).trim().split(" ");
            if (p.length != 2) {
                throw new IllegalArgumentException("merge " + (i + 1) + " is not two symbols: '" + merges.get(i) + "'");
            }
            mergeRanks.putIfAbsent(p[0] + " " + p[1], i);
        }
        bos = id(BOS);
        eos = id(EOS);
        pad = padToken == null ? eos : id(padToken);
        if (maxLength < 2) {
            throw new IllegalArgumentException("model_max_length " + maxLength);
        }
        this.maxLength = maxLength;
        pattern = compile();
    }

    private int id(String token) {
        Integer i = vocab.get(token);
        if (i == null) {
            throw new IllegalArgumentException("token '" + token + "' is not in the vocabulary");
        }
        return i;
    }

    /** Reads {@code vocab.json}, {@code merges.txt} and, if present, the pad token and length of the folder's configs. */
    public static ClipTokenizer fromFolder(Path folder) throws IOException {
        JsonObject v = JsonParser.parseString(Files.readString(folder.resolve("vocab.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        Map<String, Integer> vocab = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : v.entrySet()) {
            vocab.put(e.getKey(), e.getValue().getAsInt());
        }
        List<String> merges = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("merges.txt"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#version") || line.isBlank()) {
                continue;
            }
            merges.add(line);
        }
        String padToken = null;
        int maxLength = 77;
        for (String name : List.of("tokenizer_config.json", "special_tokens_map.json")) {
            Path p = folder.resolve(name);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            JsonObject o = JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonElement pt = o.get("pad_token");
            if (pt != null && !pt.isJsonNull()) {
                padToken = pt.isJsonObject() ? pt.getAsJsonObject().get("content").getAsString() : pt.getAsString();
            }
            JsonElement ml = o.get("model_max_length");
            if (ml != null && !ml.isJsonNull() && ml.getAsDouble() < 100_000) {
                maxLength = ml.getAsInt();
            }
        }
        return new ClipTokenizer(vocab, merges, padToken, maxLength);
    }

    public int vocabSize() {
        return vocab.size();
    }

    public int maxLength() {
        return maxLength;
    }

    public int bosId() {
        return bos;
    }

    public int eosId() {
        return eos;
    }

    public int padId() {
        return pad;
    }

    /**
     * Adds {@code token} as one whole piece with id {@code vocabSize() + (tokens added before)};
     * matched case-insensitively (prompts are lower-cased) wherever it appears in a prompt.
     */
    public int addToken(String token) {
        String t = token.toLowerCase(java.util.Locale.ROOT);
        if (t.isBlank() || t.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("an added token is one word: '" + token + "'");
        }
        if (addedTokens.containsKey(t) || vocab.containsKey(t)) {
            throw new IllegalArgumentException("token '" + token + "' exists already");
        }
        int id = vocab.size() + addedTokens.size();
        addedTokens.put(t, id);
        pattern = compile();
        return id;
    }

    private Pattern compile() {
        StringBuilder sb = new StringBuilder();
        // longest first, so a token that prefixes another does not cut it
        addedTokens.keySet().stream().sorted((a, b) -> b.length() - a.length())
                .forEach(t -> sb.append(Pattern.quote(t)).append('|'));
        return Pattern.compile(sb + CLIP_PATTERN, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** CLIP's cleaning without ftfy: NFC, whitespace runs to one space, trimmed, lower case. */
    public static String clean(String text) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFC);
        return t.replaceAll("\\s+", " ").trim().toLowerCase(java.util.Locale.ROOT);
    }

    private List<Piece> pieces(String text) {
        List<Piece> out = new ArrayList<>();
        Matcher m = pattern.matcher(clean(text));
        while (m.find()) {
            String p = m.group();
            Integer a = addedTokens.get(p);
            if (a != null) {
                out.add(new Piece(p, new int[] { a }));
                continue;
            }
            if (p.equals(BOS) || p.equals(EOS)) {
                out.add(new Piece(p, new int[] { vocab.get(p) }));
                continue;
            }
            String[] bpe = bpe(p);
            int[] ids = new int[bpe.length];
            for (int i = 0; i < bpe.length; i++) {
                Integer id = vocab.get(bpe[i]);
                if (id == null) {
                    throw new IllegalStateException("BPE symbol '" + bpe[i] + "' of '" + p + "' is not in the vocabulary");
                }
                ids[i] = id;
            }
            out.add(new Piece(p, ids));
        }
        return out;
    }

    /** The BPE symbols of one piece, the last ending in {@code </w>}. */
    String[] bpe(String piece) {
        String[] cached = cache.get(piece);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        List<String> word = new ArrayList<>();
        for (byte b : bytes) {
            word.add(String.valueOf(BYTE_TO_CHAR[b & 0xff]));
        }
        word.set(word.size() - 1, word.get(word.size() - 1) + "</w>");
        while (word.size() > 1) {
            int best = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer r = mergeRanks.get(word.get(i) + " " + word.get(i + 1));
                if (r != null && r < best) {
                    best = r;
                    first = word.get(i);
                    second = word.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> next = new ArrayList<>();
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    next.add(first + second);
                    i++;
                } else {
                    next.add(word.get(i));
                }
            }
            word = next;
        }
        String[] out = word.toArray(String[]::new);
        cache.put(piece, out);
        return out;
    }

    /** The prompt's token ids without bos/eos/padding, untruncated. */
    public int[] tokenize(String text) {
        return pieces(text).stream().flatMapToInt(p -> Arrays.stream(p.ids())).toArray();
    }

    /** {@code [bos, tokens (at most maxLength-2), eos, pad…]} of exactly {@link #maxLength()}. */
    public int[] encode(String text) {
        int[] t = tokenize(text);
        int[] out = new int[maxLength];
        Arrays.fill(out, pad);
        out[0] = bos;
        int n = Math.min(t.length, maxLength - 2);
        System.arraycopy(t, 0, out, 1, n);
        out[n + 1] = eos;
        return out;
    }

    /**
     * The positions in {@link #encode}({@code prompt}) of the tokens of every occurrence of
     * {@code word} (one or more pieces, e.g. {@code "cat"}, {@code "red car"}, {@code "<cat1>"}),
     * matched piece by piece, so "cat" does not match inside "cats"; positions cut off by
     * truncation are left out. Empty if the word does not occur.
     */
    public int[] wordPositions(String prompt, String word) {
        List<Piece> ps = pieces(prompt);
        List<Piece> ws = pieces(word);
        if (ws.isEmpty()) {
            throw new IllegalArgumentException("'" + word + "' has no tokens");
        }
        int[] start = new int[ps.size() + 1];
        for (int i = 0; i < ps.size(); i++) {
            start[i + 1] = start[i] + ps.get(i).ids().length;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i + ws.size() <= ps.size(); i++) {
            boolean match = true;
            for (int j = 0; j < ws.size() && match; j++) {
                match = ps.get(i + j).text().equals(ws.get(j).text());
            }
            if (match) {
                for (int t = start[i]; t < start[i + ws.size()]; t++) {
                    if (t < maxLength - 2) {
                        out.add(t + 1); // after bos
                    }
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** GPT-2's {@code bytes_to_unicode}: printable bytes map to themselves, the rest to 256+n. */
    private static char[] bytesToUnicode() {
        char[] map = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int n = 0;
        for (int b = 0; b < 256; b++) {
            map[b] = printable[b] ? (char) b : (char) (256 + n++);
        }
        return map;
    }
}
