package dev.lathe.engine.variant;

import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.fidelity.FidelityMeter;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.files.Json;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeWriter;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a variant again from its provenance: the recorded step, with the parameters it ran with and the recorded
 * seed, on the same parent and the same data (checked by hash before any work), stored like any variant. Then says
 * whether the new file is byte for byte the recorded one, and if not, how far its outputs and size are from it.
 */
public final class Remaker {
    /** Synthetic inputs the two files are compared on when they differ. */
    static final int FIDELITY_SAMPLES = 64;

    private final ExperimentStore store;
    private final Optimizer optimizer;
    private final FidelityMeter fidelity;

    public Remaker(ExperimentStore store, Optimizer optimizer, FidelityMeter fidelity) {
        this.store = store;
        this.optimizer = optimizer;
        this.fidelity = fidelity;
    }

    /**
     * What a remake made: the variant, the hash it was recorded with (empty in provenance from before Lathe recorded
     * it), whether the two are the same bytes, and when they are not, the recorded file's size and the new file's
     * fidelity to it when the store still holds it.
     */
    public record Remade(StoredVariant variant, Optional<String> recordedSha256, boolean identical,
                         Optional<Long> recordedBytes, Optional<FidelityReport> fidelity, List<String> notes) {
        public Remade {
            notes = List.copyOf(notes);
        }
    }

    /**
     * A provenance file ({@code .json}), or a variant file the store knows, read as the provenance it records.
     *
     * @throws LatheException naming the file when it is neither
     */
    public Provenance provenanceOf(Path file) throws LatheException {
        if (!Files.isRegularFile(file)) {
            throw new LatheException(file + " does not exist; give a .provenance.json or a variant file");
        }
        try {
            if (file.getFileName().toString().endsWith(".json")) {
                return Json.mapper().readValue(file.toFile(), Provenance.class);
            }
            String sha = Hashing.sha256(file);
            Optional<StoredVariant> v = store.variants().variant(sha);
            if (v.isEmpty()) {
                throw new LatheException(file.getFileName() + " is no variant this store knows (SHA-256 "
                        + sha.substring(0, 12) + "…); give its .provenance.json, or a variant made by lathe optimize");
            }
            Provenance p = v.get().provenance();
            return p.variantSha256().isPresent() ? p : p.withVariant(sha);
        } catch (IOException e) {
            throw new LatheException(file + " is not a provenance file Lathe can read: " + e.getMessage(), e);
        }
    }

    /** @param parent checked by the caller to be the very file the store knows */
    public Remade remake(Provenance recorded, ModelRecord parent, Optional<Path> calibration,
                         Optional<Path> training, Progress progress) throws LatheException {
        if (!recorded.madeByLathe()) {
            throw new RecipeException("this provenance is of a model Lathe did not make (SHA-256 "
                    + short12(recorded.variantSha256().orElse("")) + "…): there is no recipe step to make it again with");
        }
        if (!parent.sha256().equals(recorded.parentSha256())) {
            throw new RecipeException(parent.name() + " (SHA-256 " + parent.sha256().substring(0, 12) + "…) is not "
                    + "the model this variant was made from (" + short12(recorded.parentSha256()) + "…); give that one");
        }
        checkData("--calib", "calibrated on", recorded.calibrationDatasetSha256(), calibration);
        checkData("--train", "trained on", recorded.trainingDatasetSha256(), training);
        List<String> notes = new ArrayList<>();
        Recipe recipe = recipe(recorded, notes);
        OptimizeRequest request = new OptimizeRequest(recipe, calibration.filter(c ->
                recorded.calibrationDatasetSha256().isPresent()), Optional.empty(), training);
        StoredVariant made = optimizer.optimize(parent, request, progress).get(0);
        Optional<String> was = recorded.variantSha256();
        boolean identical = was.filter(made.model().sha256()::equals).isPresent();
        if (was.isEmpty()) {
            notes.add("the provenance names no variant hash (recorded before Lathe kept it), so the files cannot be "
                    + "compared");
        }
        Optional<ModelRecord> before = identical ? Optional.empty() : was.flatMap(this::stored);
        Optional<FidelityReport> f = Optional.empty();
        if (before.isPresent()) {
            f = Optional.of(fidelity.measure(handle(before.get()), handle(made.model()), Optional.empty(),
                    FIDELITY_SAMPLES, progress));
        } else if (!identical && was.isPresent()) {
            notes.add("the recorded variant is not in this store, so only the hashes were compared");
        }
        return new Remade(made, was, identical, before.map(ModelRecord::fileBytes), f, notes);
    }

    /**
     * The recorded step as a one-step recipe with the parameters it ran with. Two are put back as asked, because the
     * same run settles them the same way again: the calibration examples asked for (fewer ran when the data held
     * fewer; asking the same draws the same ones), and an accuracy budget, whose search ended in the exclude list.
     */
    static Recipe recipe(Provenance recorded, List<String> notes) throws RecipeException {
        Map<String, Object> ran = new LinkedHashMap<>(recorded.ran().parameters().isEmpty() ? recorded.parameters()
                : recorded.ran().parameters());
        if (recorded.parameters().get("calibration") instanceof Map<?, ?> asked
                && ran.get("calibration") instanceof Map<?, ?> used) {
            Map<Object, Object> calibration = new LinkedHashMap<>(used);
            calibration.put("samples", asked.containsKey("samples") ? asked.get("samples") : used.get("samples"));
            ran.put("calibration", calibration);
        }
        if (ran.remove("accuracy_budget") != null) {
            notes.add("accuracy_budget is not searched again: the layers its search kept in float are in exclude");
        }
        if (recorded.ran().nothingRecorded()) {
            notes.add("the provenance records what was asked only (made before Lathe recorded what ran)");
        }
        String yaml = RecipeWriter.oneStep(recorded.recipeName(), recorded.seed(), recorded.step(), ran);
        return new RecipeParser().parse(recorded.recipeName() + " (from its provenance)", yaml);
    }

    private static void checkData(String flag, String what, Optional<String> recorded, Optional<Path> given)
            throws LatheException {
        if (recorded.isEmpty()) {
            return;
        }
        if (given.isEmpty()) {
            throw new RecipeException("the variant was " + what + " a dataset with SHA-256 " + short12(recorded.get())
                    + "…; give it with " + flag + " DATASET");
        }
        String sha = Datasets.open(given.get()).sha256();
        if (!sha.equals(recorded.get())) {
            throw new RecipeException(flag + " " + given.get() + " has SHA-256 " + short12(sha) + "…, not the "
                    + short12(recorded.get()) + "… the variant was " + what + "; give that dataset");
        }
    }

    private Optional<ModelRecord> stored(String sha) {
        try {
            return store.model(sha).filter(m -> Files.isRegularFile(m.path()));
        } catch (LatheException e) {
            return Optional.empty();
        }
    }

    private static ModelHandle handle(ModelRecord m) {
        return new ModelHandle(m.path(), m.format(), m.inputShape());
    }

    private static String short12(String sha) {
        return sha.substring(0, Math.min(12, sha.length()));
    }
}
