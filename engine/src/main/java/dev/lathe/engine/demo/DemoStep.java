package dev.lathe.engine.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a demo: what it does, the one-line caption that announces it, and its time budget. A step that runs
 * past its budget on stage is replayed from the rehearsal instead.
 *
 * @param number  from 1
 * @param caption shown while the step runs
 * @param budgetSeconds how long the step may take live before the rehearsal's recording takes over
 */
public record DemoStep(int number, String caption, double budgetSeconds, Action action) {
    public DemoStep {
        Objects.requireNonNull(caption);
        Objects.requireNonNull(action);
        if (number < 1) {
            throw new IllegalArgumentException("steps count from 1, got " + number);
        }
        if (!(budgetSeconds > 0)) {
            throw new IllegalArgumentException("a step's budget is above 0 seconds, got " + budgetSeconds);
        }
    }

    /** What the step does. */
    public sealed interface Action {
        /** The step's key in the file: {@code open}, {@code optimize}, {@code wall}, {@code compare}, {@code export}. */
        String kind();

        /** The caption a step without one gets. */
        String describe();

        /** Seconds the step may take when the file gives no budget. */
        double defaultBudgetSeconds();
    }

    /** Opens a model (ONNX or TorchScript) as the demo's model. */
    public record Open(Path model) implements Action {
        @Override
        public String kind() {
            return "open";
        }

        @Override
        public String describe() {
            return "Open " + model.getFileName();
        }

        @Override
        public double defaultBudgetSeconds() {
            return 20;
        }
    }

    /**
     * Applies a recipe to the model the demo has open; the last variant it makes becomes the demo's model.
     *
     * @param calibration examples static quantization calibrates on
     * @param evaluation  the labelled set each variant is evaluated on
     */
    public record Optimize(Path recipe, Optional<Path> calibration, Optional<Path> evaluation) implements Action {
        @Override
        public String kind() {
            return "optimize";
        }

        @Override
        public String describe() {
            return "Optimize with " + recipe.getFileName();
        }

        @Override
        public double defaultBudgetSeconds() {
            return 180;
        }
    }

    /**
     * The Board wall: the model and its variants benchmarked on each device at once, samples streamed.
     *
     * @param devices device names as Lathe shows them, {@link #THIS_COMPUTER} or {@link #EVERY_PAIRED_BOARD}
     */
    public record Wall(List<String> devices, double seconds) implements Action {
        public static final String THIS_COMPUTER = "this computer";
        public static final String EVERY_PAIRED_BOARD = "every paired board";

        public Wall {
            devices = List.copyOf(devices);
            if (devices.isEmpty()) {
                throw new IllegalArgumentException("a wall step names at least one device");
            }
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("a wall step runs for more than 0 seconds, got " + seconds);
            }
        }

        @Override
        public String kind() {
            return "wall";
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "The model and its variants on %s, %s s each", String.join(", ",
                    devices), seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds));
        }

        @Override
        public double defaultBudgetSeconds() {
            return seconds * 3 + 30;
        }
    }

    /** Compare: the family's accuracy against latency, on the devices named (as {@link Wall#devices}). */
    public record Compare(List<String> devices) implements Action {
        public Compare {
            devices = List.copyOf(devices);
        }

        @Override
        public String kind() {
            return "compare";
        }

        @Override
        public String describe() {
            return "Accuracy against latency, every variant side by side";
        }

        @Override
        public double defaultBudgetSeconds() {
            return 20;
        }
    }

    /** Exports the demo's model (the last variant made, or the model opened) in a format, into a folder. */
    public record Export(Format format, Optional<Path> to) implements Action {
        public enum Format {
            ONNX("onnx"), PTE("pte"), TORCHSCRIPT("torchscript");

            private final String key;

            Format(String key) {
                this.key = key;
            }

            public String key() {
                return key;
            }

            public static Optional<Format> of(String key) {
                for (Format f : values()) {
                    if (f.key.equals(key.toLowerCase(Locale.ROOT))) {
                        return Optional.of(f);
                    }
                }
                return Optional.empty();
            }
        }

        @Override
        public String kind() {
            return "export";
        }

        @Override
        public String describe() {
            return "Export the chosen variant as " + switch (format) {
                case ONNX -> "ONNX";
                case PTE -> "an ExecuTorch program";
                case TORCHSCRIPT -> "TorchScript";
            };
        }

        @Override
        public double defaultBudgetSeconds() {
            return 60;
        }
    }
}
