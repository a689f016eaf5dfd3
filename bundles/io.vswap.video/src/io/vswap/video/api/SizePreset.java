package io.vswap.video.api;

/** Clip output sizes VideoSwap works at (the paper's 512×512 and 448×768), or a custom one. */
public enum SizePreset {
    SQUARE_512("512 × 512", 512, 512),
    LANDSCAPE_768x448("768 × 448 (W × H)", 768, 448),
    CUSTOM("Custom", 0, 0);

    private final String label;
    private final int width;
    private final int height;

    SizePreset(String label, int width, int height) {
        this.label = label;
        this.width = width;
        this.height = height;
    }

    public String label() {
        return label;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The preset of that exact size, or {@link #CUSTOM}. */
    public static SizePreset of(int width, int height) {
        for (SizePreset p : values()) {
            if (p != CUSTOM && p.width == width && p.height == height) {
                return p;
            }
        }
        return CUSTOM;
    }
}
