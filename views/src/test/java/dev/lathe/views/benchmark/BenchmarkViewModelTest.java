package dev.lathe.views.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.common.Figure;
import dev.lathe.views.common.InputShapeGate;
import dev.lathe.views.support.InlineTaskRunner;
import dev.lathe.views.support.RecordingErrors;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Benchmark tab's logic, without a screen: real engine, real store, work run inline. */
class BenchmarkViewModelTest {
    @TempDir
    Path tmp;
    private TestEngine engine;
    private final InlineTaskRunner tasks = new InlineTaskRunner();
    private final RecordingErrors errors = new RecordingErrors();
    private BenchmarkViewModel viewModel;

    @BeforeEach
    void setUp() throws Exception {
        engine = TestEngine.open(tmp.resolve("lathe.db"));
        InputShapeGate gate = new InputShapeGate(engine.workbench(), tasks, (m, p) -> Optional.of("1x1x28x28"), errors);
        viewModel = new BenchmarkViewModel(engine.workbench(), tasks, errors, gate);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void startsFromTheEnginesDefaults() {
        assertThat(viewModel.problemProperty().get()).isEmpty();
        assertThat(viewModel.settings().config().warmup()).isEqualTo(20);
        assertThat(viewModel.settings().config().iterations()).isEqualTo(200);
    }

    @Test
    void eachSettingIsValidatedByName() {
        viewModel.settings().iterationsProperty().set(0);
        assertThat(viewModel.problemProperty().get()).isEqualTo("Runs must be 1 or more");
        viewModel.settings().iterationsProperty().set(10);
        viewModel.settings().batchProperty().set(null);
        assertThat(viewModel.problemProperty().get()).isEqualTo("Batch must be 1 or more");
        viewModel.settings().batchProperty().set(4);
        viewModel.settings().threadsProperty().set(0);
        assertThat(viewModel.problemProperty().get()).isEqualTo("Threads must be 1 or more");
        viewModel.settings().threadsProperty().set(2);
        viewModel.settings().warmupProperty().set(-1);
        assertThat(viewModel.problemProperty().get()).isEqualTo("Warm-up runs must be 0 or more");
        viewModel.settings().warmupProperty().set(0);
        viewModel.settings().secondsProperty().set(-0.5);
        assertThat(viewModel.problemProperty().get()).startsWith("Minimum duration");
        viewModel.settings().secondsProperty().set(0.5);
        assertThat(viewModel.problemProperty().get()).isEmpty();
        var config = viewModel.settings().config();
        assertThat(config.batch()).isEqualTo(4);
        assertThat(config.threads()).isEqualTo(2);
        assertThat(config.minDurationSeconds()).isEqualTo(0.5);
    }

    @Test
    void aRunQueuesEveryLatencyForTheLiveChartAndFillsTheFigures() throws Exception {
        ModelRecord model = engine.workbench().open(TestModels.model(tmp));
        viewModel.setModel(model);
        viewModel.settings().warmupProperty().set(2);
        viewModel.settings().iterationsProperty().set(30);
        viewModel.run();
        assertThat(errors.reported()).isEmpty();
        assertThat(viewModel.liveRunProperty().get()).isEqualTo(1);
        assertThat(viewModel.drainLive(10)).hasSize(10);
        assertThat(viewModel.drainLive(1000)).hasSize(20).allSatisfy(ns -> assertThat(ns).isPositive());
        assertThat(viewModel.drainLive(1000)).isEmpty();
        assertThat(viewModel.history()).hasSize(1);
        assertThat(viewModel.latencyFigures()).extracting(Figure::name)
                .containsExactly("Counted runs", "Min", "Mean", "Std", "p50", "p90", "p95", "p99", "Max");
        assertThat(viewModel.latencyFigures().get(0).value()).isEqualTo("30");
        assertThat(viewModel.runFigures()).extracting(Figure::name).contains("Throughput", "Peak RSS", "Device");
        assertThat(viewModel.runFigures()).filteredOn(f -> f.name().equals("Device")).extracting(Figure::value)
                .as("the name this computer has everywhere, not its host name").containsExactly("This computer");
    }

    @Test
    void earlierRunsComeBackWithTheirSamples() throws Exception {
        ModelRecord model = engine.workbench().open(TestModels.model(tmp));
        viewModel.setModel(model);
        viewModel.settings().iterationsProperty().set(12);
        viewModel.run();
        viewModel.setModel(null);
        assertThat(viewModel.latencyFigures()).isEmpty();
        viewModel.setModel(model);
        assertThat(viewModel.history()).hasSize(1);
        assertThat(viewModel.shownProperty().get().result().samplesNanos()).hasSize(12);
    }
}
