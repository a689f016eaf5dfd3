package io.vswap.concepts.internal.training;

import java.util.List;
import java.util.Random;

/**
 * Mix-of-Show's captions for an object concept (its {@code EnhanceText}, {@code enhance_type: object}):
 * a template drawn per sample, filled with the concept's token alone ("a photo of a <hexagon1>"), as
 * Mix-of-Show fills it with its two new tokens: the class word's meaning enters through the second
 * token's initial embedding, not through the caption.
 */
final class Captions {

    static final List<String> OBJECT_TEMPLATES = List.of("a photo of a {}", "a rendering of a {}",
            "a cropped photo of the {}", "the photo of a {}", "a photo of a clean {}", "a photo of a dirty {}",
            "a dark photo of the {}", "a photo of my {}", "a photo of the cool {}", "a close-up photo of a {}",
            "a bright photo of the {}", "a cropped photo of a {}", "a photo of the {}", "a good photo of the {}",
            "a photo of one {}", "a close-up photo of the {}", "a rendition of the {}", "a photo of the clean {}",
            "a rendition of a {}", "a photo of a nice {}", "a good photo of a {}", "a photo of the nice {}",
            "a photo of the small {}", "a photo of the weird {}", "a photo of the large {}", "a photo of a cool {}",
            "a photo of a small {}");

    private Captions() {
    }

    static String draw(Random random, String token) {
        return OBJECT_TEMPLATES.get(random.nextInt(OBJECT_TEMPLATES.size())).replace("{}", token);
    }
}
