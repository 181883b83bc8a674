package dev.lathe.engine.data;

/**
 * The largest datasets Lathe reads (docs/cli.md, "Limits"), each far above real evaluation and calibration sets and
 * checked before the memory or time it bounds is spent: an image's size is read from its header before it is decoded.
 */
public final class DatasetLimits {
    /** Pixels of one image: 8192×8192; 50-megapixel camera photos fit. Decoding it takes about 0.5 GiB. */
    public static final long MAX_PIXELS = 1L << 26;
    /** Images in a folder: ImageNet's training set has 1.28 million. */
    public static final int MAX_IMAGES = 2_000_000;
    /** Classes: ImageNet-21k has 21 841; the confusion matrix grows with the square (25 000² counts are 2.5 GB). */
    public static final int MAX_CLASSES = 25_000;
    /** A CSV file: MNIST as CSV is 110 MB. */
    public static final long MAX_CSV_BYTES = 1L << 30;
    /** Values in a CSV file, all rows together: 1 GiB of float once read. */
    public static final long MAX_CSV_VALUES = 1L << 28;
    /** Characters in one CSV line: 16 Mi, about 4 million values; a 3×224×224 image as a row is 0.6 MB. */
    public static final int MAX_CSV_LINE = 1 << 24;
    /** Bytes of IDX data: one Java array (the IDX files of MNIST's training set hold 47 MB). */
    public static final long MAX_IDX_BYTES = Integer.MAX_VALUE - 16;

    private DatasetLimits() {
    }
}
