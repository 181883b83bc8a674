package dev.lathe.views.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.Progress;
import dev.lathe.engine.variant.OptimizeRequest;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.views.support.InlineTaskRunner;
import dev.lathe.views.support.RecordingErrors;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Compare view's logic over a real family: a model and a dynamic int8 variant of it. */
class CompareViewModelTest {
    @TempDir
    Path tmp;
    private TestEngine engine;
    private final InlineTaskRunner tasks = new InlineTaskRunner();
    private final RecordingErrors errors = new RecordingErrors();
    private CompareViewModel viewModel;
    private ModelRecord parent;
    private ModelRecord variant;

    @BeforeEach
    void setUp() throws Exception {
        engine = TestEngine.open(tmp.resolve("lathe.db"));
        viewModel = new CompareViewModel(engine.workbench(), tasks, errors, Optional.of(TestModels.dataset()));
        parent = engine.workbench().open(TestModels.model(tmp));
        List<StoredVariant> made = engine.workbench().optimize(parent, OptimizeRequest.of(new RecipeParser().parse("d.yaml", """
                lathe: 1
                name: int8-dynamic
                steps:
                  - quantize: { mode: dynamic }
                """)), Progress.NONE);
        variant = made.get(0).model();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void aVariantShowsWithItsParentFirstAndMeasuredSizesOnly() {
        viewModel.setModel(variant);

        assertThat(viewModel.rows()).extracting(r -> r.model().sha256()).containsExactly(parent.sha256(), variant.sha256());
        CompareRow p = viewModel.rows().get(0);
        CompareRow v = viewModel.rows().get(1);
        assertThat(p.isParent()).isTrue();
        assertThat(v.sizeRatio(p)).isEqualTo((double) parent.fileBytes() / variant.fileBytes()).isGreaterThan(1);
        assertThat(v.top1()).isEmpty();
        assertThat(v.p50Ms()).isEmpty();
        assertThat(v.speedup(p)).isEmpty();
        assertThat(viewModel.includedRows()).hasSize(2);
    }

    @Test
    void theTop1DeltaComparesEvaluationsOnTheSameData() throws Exception {
        EvalRequest request = new EvalRequest(TestModels.dataset(), Optional.empty(),
                dev.lathe.engine.data.PreprocessingOverrides.NONE, 500);
        engine.workbench().evaluate(parent, request, Progress.NONE);
        engine.workbench().evaluate(variant, request, Progress.NONE);

        viewModel.setModel(parent);

        CompareRow p = viewModel.rows().get(0);
        CompareRow v = viewModel.rows().get(1);
        assertThat(v.top1DeltaPoints(p)).hasValueSatisfying(
                d -> assertThat(d).isCloseTo((v.top1().get() - p.top1().get()) * 100, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(p.top1DeltaPoints(p)).isEmpty();
    }

    @Test
    void fidelityIsMeasuredOnDemandAgainstTheParent() {
        viewModel.setModel(parent);
        assertThat(viewModel.rows().get(1).fidelity()).isEmpty();

        viewModel.measureFidelity();

        assertThat(errors.reported()).isEmpty();
        assertThat(viewModel.rows().get(1).fidelity()).hasValueSatisfying(f -> {
            assertThat(f.cosine()).isGreaterThan(0.9);
            assertThat(f.samples()).isPositive();
        });
        assertThat(viewModel.runState().statusProperty().get()).startsWith("Fidelity measured on ");

        viewModel.setModel(variant);
        viewModel.setModel(parent);
        assertThat(viewModel.rows().get(1).fidelity()).as("kept while moving within the family").isPresent();
    }

    @Test
    void benchmarkAllMeasuresEveryModelWithTheSameSettingsAndShowsTheSpeedup() {
        viewModel.setModel(parent);

        viewModel.benchmarkAll();

        assertThat(errors.reported()).isEmpty();
        CompareRow p = viewModel.rows().get(0);
        CompareRow v = viewModel.rows().get(1);
        assertThat(p.p50Ms()).isPresent();
        assertThat(v.p99Ms()).isPresent();
        assertThat(v.speedup(p)).hasValueSatisfying(s -> assertThat(s).isEqualTo(p.p50Ms().get() / v.p50Ms().get()));
        assertThat(viewModel.runState().statusProperty().get()).isEqualTo("Benchmarked 2 models with the same settings");
    }

    @Test
    void evaluateAllMeasuresEveryModelOnTheSameDataAndShowsTheTop1Change() {
        viewModel.setModel(variant);

        viewModel.evaluateAll();

        assertThat(errors.reported()).isEmpty();
        CompareRow p = viewModel.rows().get(0);
        CompareRow v = viewModel.rows().get(1);
        assertThat(p.evaluation()).hasValueSatisfying(e -> assertThat(e.result().samples()).isEqualTo(10_000));
        assertThat(v.evaluation().get().datasetSha256()).isEqualTo(p.evaluation().get().datasetSha256());
        assertThat(v.top1DeltaPoints(p)).isPresent();
        assertThat(viewModel.runState().statusProperty().get()).startsWith("Evaluated 2 models on ");
    }

    @Test
    void untickedRowsLeaveTheCharts() {
        viewModel.setModel(parent);

        viewModel.setIncluded(viewModel.rows().get(0), false);

        assertThat(viewModel.includedRows()).extracting(r -> r.model().sha256()).containsExactly(variant.sha256());
    }
}
