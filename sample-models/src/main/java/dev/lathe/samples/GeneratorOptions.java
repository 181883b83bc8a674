package dev.lathe.samples;

import java.nio.file.Path;

/** The generator's command line, with every default written out so the README can record what was used. */
public record GeneratorOptions(Path dataDir, Path outDir, CnnTrainer.Settings training, int seed, int threads) {
    public static final int DEFAULT_EPOCHS = 8;
    public static final int DEFAULT_BATCH = 128;
    public static final float DEFAULT_LR = 2e-3f;
    public static final float DEFAULT_FINAL_LR = 1e-5f;
    public static final int DEFAULT_SEED = 20240607;

    public static final String USAGE = "usage: FashionMnistCnnGenerator [--data DIR] [--out DIR] [--epochs N]"
            + " [--batch N] [--lr RATE] [--seed N] [--threads N]";

    /** Parses {@code --name value} pairs; unknown or malformed options fail naming the option. */
    public static GeneratorOptions parse(String... args) {
        Path data = FashionMnist.DEBIAN_DIR;
        Path out = Path.of("sample-models", "fashion-mnist");
        int epochs = DEFAULT_EPOCHS;
        int batch = DEFAULT_BATCH;
        float lr = DEFAULT_LR;
        int seed = DEFAULT_SEED;
        int threads = 2;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--data" -> data = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--epochs" -> epochs = positiveInt(args[i], value);
                case "--batch" -> batch = positiveInt(args[i], value);
                case "--lr" -> lr = Float.parseFloat(value);
                case "--seed" -> seed = Integer.parseInt(value);
                case "--threads" -> threads = positiveInt(args[i], value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        return new GeneratorOptions(data, out, new CnnTrainer.Settings(epochs, batch, lr, DEFAULT_FINAL_LR),
                seed, threads);
    }

    private static int positiveInt(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below, which names the option
        }
        throw new IllegalArgumentException(option + " wants a positive whole number, not '" + value + "'");
    }
}
