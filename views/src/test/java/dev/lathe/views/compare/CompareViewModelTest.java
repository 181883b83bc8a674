package dev.lathe.views.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.device.BenchmarkInterruptedException;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.variant.OptimizeRequest;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.views.benchmark.BenchmarkViewModel;
import dev.lathe.views.common.Figure;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.InputShapeGate;
import dev.lathe.views.support.InlineTaskRunner;
import dev.lathe.views.support.RecordingErrors;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        assertThat(v.benchmarks()).isEmpty();
        assertThat(viewModel.devices()).isEmpty();
        assertThat(viewModel.includedRows()).hasSize(2);
    }

    @Test
    void aGrandchildShowsInItsWholeFamilyAndAVariantMadeLaterJoinsWithoutUntickingOthers() throws Exception {
        List<StoredVariant> chain = engine.workbench().optimize(parent, OptimizeRequest.of(new RecipeParser().parse(
                "h.yaml", "lathe: 1\nname: wh\nsteps:\n  - quantize: { mode: weight-only }\n"
                        + "  - convert: { precision: fp16 }\n")), Progress.NONE);
        ModelRecord child = chain.get(0).model();
        ModelRecord grandchild = chain.get(1).model();

        viewModel.setModel(grandchild);
        assertThat(viewModel.rows()).extracting(r -> r.model().sha256()).containsExactly(parent.sha256(),
                variant.sha256(), child.sha256(), grandchild.sha256());
        viewModel.setIncluded(viewModel.rows().get(1), false);
        ModelRecord later = engine.workbench().optimize(parent, OptimizeRequest.of(new RecipeParser().parse("s.yaml",
                "lathe: 1\nname: s\nsteps:\n  - quantize: { mode: static }\n")).withCalibration(TestModels.dataset()),
                Progress.NONE).get(0).model();
        viewModel.setModel(later);

        assertThat(viewModel.rows()).extracting(r -> r.model().sha256()).containsExactly(parent.sha256(),
                variant.sha256(), child.sha256(), grandchild.sha256(), later.sha256());
        assertThat(viewModel.includedRows()).extracting(r -> r.model().sha256())
                .containsExactly(parent.sha256(), child.sha256(), grandchild.sha256(), later.sha256());
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
        String here = engine.workbench().thisComputer().id();
        assertThat(viewModel.devices()).extracting(CompareDevice::id).containsExactly(here);
        assertThat(p.p50Ms(here)).isPresent();
        assertThat(v.p99Ms(here)).isPresent();
        assertThat(v.speedup(p, here)).hasValueSatisfying(
                s -> assertThat(s).isEqualTo(p.p50Ms(here).get() / v.p50Ms(here).get()));
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

    /**
     * Both models measured on this computer, only the parent to the end on a real agent process: the variant's run
     * there is broken off by killing the agent, so it is stored as interrupted: it must not count, yet the Benchmark
     * tab lists it, marked.
     */
    @Test
    void runsOnTwoDevicesGiveLatenciesPerDeviceFromCompleteRunsOnly() throws Exception {
        BenchConfig config = new BenchConfig(5, 100, 0, 1, 1, Optional.empty());
        StoredBenchmark parentHere = engine.workbench().benchmark(parent, config, SampleListener.NONE, Progress.NONE);
        StoredBenchmark variantHere = engine.workbench().benchmark(variant, config, SampleListener.NONE, Progress.NONE);
        StoredBenchmark parentThere;
        Process agent = startAgent();
        try (AgentClient client = AgentClient.connect(pair(agent))) {
            RemoteDevice board = RemoteDevice.connect(client, t -> { });
            parentThere = engine.workbench().benchmark(parent, board, config, SampleListener.NONE, Progress.NONE);
            AtomicInteger received = new AtomicInteger();
            CompletableFuture<Throwable> cut = CompletableFuture.supplyAsync(() -> {
                try {
                    engine.workbench().benchmark(variant, board, new BenchConfig(0, 1, 60, 1, 1, Optional.empty()),
                            (i, nanos) -> received.incrementAndGet(), Progress.NONE);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            agent.destroyForcibly();
            assertThat(cut.get(20, TimeUnit.SECONDS)).isInstanceOf(BenchmarkInterruptedException.class);
        } finally {
            agent.destroyForcibly();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(engine.workbench().benchmarks(variant)).filteredOn(StoredBenchmark::interrupted).hasSize(1);

        viewModel.setModel(parent);

        String here = engine.workbench().thisComputer().id();
        String there = parentThere.result().device().id();
        assertThat(there).isNotEqualTo(here);
        assertThat(viewModel.devices()).extracting(CompareDevice::id, CompareDevice::runs)
                .containsExactly(tuple(here, 2), tuple(there, 1));
        assertThat(viewModel.devices().get(1).name()).isEqualTo(parentThere.result().device().name());
        assertThat(viewModel.chartDeviceProperty().get().id()).as("the device with most runs").isEqualTo(here);
        CompareRow p = viewModel.rows().get(0);
        CompareRow v = viewModel.rows().get(1);
        assertThat(p.p50Ms(here)).contains(parentHere.result().stats().p50Ms());
        assertThat(p.p99Ms(there)).contains(parentThere.result().stats().p99Ms());
        assertThat(v.p50Ms(here)).contains(variantHere.result().stats().p50Ms());
        assertThat(v.benchmark(there)).as("its only run there was interrupted").isEmpty();
        assertThat(v.speedup(p, here)).contains(parentHere.result().stats().p50Ms() / variantHere.result().stats().p50Ms());
        assertThat(v.speedup(p, there)).isEmpty();

        viewModel.chartDeviceProperty().set(viewModel.devices().get(1));
        viewModel.refresh();
        assertThat(viewModel.chartDeviceProperty().get().id()).as("a chosen device is kept").isEqualTo(there);

        BenchmarkViewModel history = new BenchmarkViewModel(engine.workbench(), tasks, errors,
                new InputShapeGate(engine.workbench(), tasks, (m, prompt) -> Optional.empty(), errors));
        history.setModel(variant);
        assertThat(history.history()).as("the Benchmark tab lists the interrupted run, marked")
                .extracting(StoredBenchmark::interrupted).containsExactly(true, false);
        assertThat(history.latencyFigures().get(0)).isEqualTo(new Figure("Runs kept",
                Formats.count(history.history().get(0).result().stats().count())));
        assertThat(history.runFigures().get(0).name()).isEqualTo("Interrupted");
    }

    /** A real agent in its own JVM on a free loopback port, as a user starts it on a board. */
    private Process startAgent() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx512m", "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), "dev.lathe.agent.AgentMain", "--port", "0", "--data-dir",
                tmp.resolve("agent").toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Pairs with the agent from the two lines it prints: its token, then where it listens. */
    private static PairedAgent pair(Process agent) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        String[] printed = CompletableFuture.supplyAsync(() -> {
            try {
                return new String[] {out.readLine(), out.readLine()};
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        Matcher token = Pattern.compile("pairing token: (\\S+)").matcher(printed[0]);
        Matcher port = Pattern.compile("listening on \\S+:(\\d+)").matcher(printed[1]);
        assertThat(token.find() && port.find()).as("agent printed %s", List.of(printed)).isTrue();
        return Pairing.pair("127.0.0.1", Integer.parseInt(port.group(1)), token.group(1), "compare test");
    }

    @Test
    void untickedRowsLeaveTheCharts() {
        viewModel.setModel(parent);

        viewModel.setIncluded(viewModel.rows().get(0), false);

        assertThat(viewModel.includedRows()).extracting(r -> r.model().sha256()).containsExactly(variant.sha256());
    }
}
