package dev.lathe.engine.provenance;

import java.util.Map;
import java.util.Optional;

/**
 * How a variant was made, complete enough to make it again: the parent's hash, the recipe step with every parameter
 * (defaults included), the seed, the hashes of the data it saw, and the tools and platform that ran it.
 *
 * @param step       the step's kind, {@code quantize}, {@code convert}, {@code finetune}, ...
 * @param parameters the step's parameters keyed as a recipe writes them
 * @param stepIndex  0-based position of the step in its recipe
 * @param seed       the recipe's seed, or the training step's own when it gives one
 * @param trainingDatasetSha256 the training set's hash, for steps that train (empty in rows stored before Lathe trained)
 * @param ran        what the step ran with, as against what was asked ({@link StepRun#NONE} in rows stored before
 *                   Lathe recorded it)
 * @param variantSha256 the hash of the file the step made, so that a provenance file apart from its variant still
 *                   names it (empty in rows stored before Lathe recorded it)
 */
public record Provenance(String parentSha256, String recipeName, int stepIndex, String step,
                         Map<String, Object> parameters, long seed, Optional<String> calibrationDatasetSha256,
                         Optional<String> evaluationDatasetSha256, Optional<String> trainingDatasetSha256,
                         String latheVersion, String onnxRuntimeVersion,
                         String jvm, String os, String arch, long createdAtEpochMillis, StepRun ran,
                         Optional<String> variantSha256) {
    /** The {@code stepIndex} of a model no recipe step made. */
    public static final int NO_STEP = -1;

    public Provenance {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                parameters == null ? Map.of() : parameters));
        trainingDatasetSha256 = trainingDatasetSha256 == null ? Optional.empty() : trainingDatasetSha256;
        ran = ran == null ? StepRun.NONE : ran;
        variantSha256 = variantSha256 == null ? Optional.empty() : variantSha256;
    }

    /** Provenance that records what was asked only. */
    public Provenance(String parentSha256, String recipeName, int stepIndex, String step, Map<String, Object> parameters,
                      long seed, Optional<String> calibrationDatasetSha256, Optional<String> evaluationDatasetSha256,
                      Optional<String> trainingDatasetSha256, String latheVersion, String onnxRuntimeVersion,
                      String jvm, String os, String arch, long createdAtEpochMillis) {
        this(parentSha256, recipeName, stepIndex, step, parameters, seed, calibrationDatasetSha256,
                evaluationDatasetSha256, trainingDatasetSha256, latheVersion, onnxRuntimeVersion, jvm, os, arch,
                createdAtEpochMillis, StepRun.NONE, Optional.empty());
    }

    /**
     * The same provenance with what the step ran with: its parameters are the asked ones with each of the step's own
     * changes applied.
     */
    public Provenance withRan(StepRun what) {
        return new Provenance(parentSha256, recipeName, stepIndex, step, parameters, seed, calibrationDatasetSha256,
                evaluationDatasetSha256, trainingDatasetSha256, latheVersion, onnxRuntimeVersion, jvm, os, arch,
                createdAtEpochMillis, what.withParameters(parameters), variantSha256);
    }

    /** The same provenance naming the file the step made. */
    public Provenance withVariant(String sha256) {
        return new Provenance(parentSha256, recipeName, stepIndex, step, parameters, seed, calibrationDatasetSha256,
                evaluationDatasetSha256, trainingDatasetSha256, latheVersion, onnxRuntimeVersion, jvm, os, arch,
                createdAtEpochMillis, ran, Optional.of(sha256));
    }

    /**
     * The provenance of a model Lathe did not make (one opened as it is): no parent, recipe or step ({@code stepIndex}
     * -1), no tools or time of making, only the file's own hash.
     */
    public static Provenance notMadeByLathe(String sha256) {
        return new Provenance("", "", NO_STEP, "", Map.of(), 0, Optional.empty(), Optional.empty(), Optional.empty(),
                "", "", "", "", "", 0, StepRun.NONE, Optional.of(sha256));
    }

    /** False for {@link #notMadeByLathe}: there is no recipe step to make the file again with. */
    public boolean madeByLathe() {
        return stepIndex != NO_STEP;
    }

    /**
     * The Lathe version the engine was built as ("0.1.0-SNAPSHOT"): from its jar's manifest, else from the version
     * file Maven fills in when it builds the engine (run from classes), else "development build".
     */
    public static String latheVersionNow() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v != null ? v : BuiltVersion.VERSION;
    }

    public static String jvmNow() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    }

    public static String osNow() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    public static String archNow() {
        return System.getProperty("os.arch");
    }
}
