package io.vswap.concepts.internal.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.ConceptInputException;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.api.TrainingRequest;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.SafetensorsFile;

/** A training request's checks before any work, and what is read from the model's files without loading it. */
final class ConceptInputs {

    static final String TOKEN_EMBEDDING = "text_model.embeddings.token_embedding.weight";

    private ConceptInputs() {
    }

    /** @throws ConceptInputException for the first thing wrong, in words */
    static void check(TrainingRequest request, ConceptStore store) throws IOException {
        try {
            Concept.requireToken(request.token());
        } catch (IllegalArgumentException e) {
            throw new ConceptInputException(e.getMessage());
        }
        if (request.classWord() == null || !request.classWord().matches("[\\p{L}][\\p{L}\\p{N} -]{0,39}")) {
            throw new ConceptInputException("the class word is a word such as \"hexagon\" or \"dog\", not \""
                    + request.classWord() + "\"");
        }
        if (!Files.isDirectory(request.modelFolder().resolve("tokenizer"))) {
            throw new ConceptInputException(request.modelFolder() + " is not a model folder (it has no tokenizer)");
        }
        ReferenceImages.read(request);
        ClipTokenizer tokenizer = ClipTokenizer.fromFolder(request.modelFolder().resolve("tokenizer"));
        String token = request.token();
        String word = token.substring(1, token.length() - 1);
        try {
            tokenizer.addToken(token);
        } catch (IllegalArgumentException e) {
            throw new ConceptInputException("the token " + token + " is already in the model's vocabulary: choose "
                    + "another, e.g. " + token.replace(">", "1>"));
        }
        if (tokenizer.tokenize(word).length == 1) {
            throw new ConceptInputException("the token " + token + " clashes with the word \"" + word + "\" of the "
                    + "model's vocabulary: prompts could not tell the concept from the word; choose a token the "
                    + "model does not know, e.g. <" + word + "1>");
        }
        Optional<StoredConcept> taken = store.byToken(token);
        if (taken.isPresent()) {
            throw new ConceptInputException("the token " + token + " is already \"" + taken.get().label()
                    + "\"'s, in the library \"" + taken.get().library().name() + "\": choose another token (a prompt "
                    + "must mean one concept by it)");
        }
    }

    /** The text encoder's token embedding table's file. */
    static Path textEncoderWeights(Path modelFolder) throws IOException {
        for (String n : new String[] { "model.safetensors", "model.fp16.safetensors" }) {
            Path p = modelFolder.resolve("text_encoder").resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new ConceptInputException(modelFolder + " has no text encoder weights (text_encoder/model.safetensors)");
    }

    /** {width, mean norm} of the model's vocabulary embeddings: what Mix-of-Show's embedding settings scale by. */
    static double[] tokenEmbeddingScale(Path modelFolder) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(textEncoderWeights(modelFolder))) {
            long[] shape = f.entry(TOKEN_EMBEDDING).shape();
            float[] w = f.floats(TOKEN_EMBEDDING);
            int rows = (int) shape[0];
            int width = (int) shape[1];
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                double sq = 0;
                for (int c = 0; c < width; c++) {
                    sq += (double) w[r * width + c] * w[r * width + c];
                }
                sum += Math.sqrt(sq);
            }
            return new double[] { width, sum / rows };
        }
    }
}
