package dev.lathe.views;

import static dev.lathe.views.support.Gui.await;
import static dev.lathe.views.support.Gui.onFx;
import static dev.lathe.views.support.Gui.runFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lathe.views.benchmark.BenchmarkView;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.model.LayerInfo;
import dev.lathe.views.chart.ChartFiles;
import dev.lathe.views.chart.ChartFormat;
import dev.lathe.views.chart.ChartMenu;
import dev.lathe.views.chart.ConfusionHeatMap;
import dev.lathe.views.common.Tables;
import dev.lathe.views.support.RecordingErrors;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.TableCell;
import javafx.scene.input.Clipboard;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import org.jfree.chart.LegendItem;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Drawable;
import org.w3c.dom.Document;
import dev.lathe.views.compare.CompareRow;
import dev.lathe.views.compare.CompareView;
import dev.lathe.views.optimize.OptimizeView;
import dev.lathe.views.optimize.RecipeForm;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.views.common.AlertErrorSink;
import dev.lathe.views.common.Figure;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.RecentFiles;
import dev.lathe.views.support.TestDevices;
import dev.lathe.views.support.TestEngine;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.views.support.TestModels;
import dev.lathe.views.task.DaemonThreads;
import dev.lathe.views.task.FxTaskRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javafx.scene.Node;
import javafx.scene.Scene;
import dev.lathe.engine.quantize.QuantizeSpec;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** The real window over a real engine, store, model and dataset, driven like a user would. */
class LatheWindowTest {
    /**
     * Seconds to wait for a run that trains (prune, then finetune): about 40 s on an idle 2-core machine, so a loaded
     * one needs room. A wait, not a speed target: speed is measured by the benchmarks.
     */
    private static final int SLOW = 180;

    @TempDir
    Path tmp;
    private final FxRobot robot = new FxRobot();
    private TestEngine engine;
    private ExecutorService pool;
    private Path model;
    private LatheWindow window;
    private AgentDirectory devices;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void openWindow() throws Exception {
        model = TestModels.model(tmp);
        devices = TestDevices.none(tmp);
        engine = TestEngine.open(tmp.resolve("lathe.db"), devices);
        pool = DaemonThreads.pool("test-task");
        window = showWindow();
    }

    @AfterEach
    void closeWindow() throws Exception {
        FxToolkit.cleanupStages();
        pool.shutdownNow();
        devices.close();
        engine.close();
    }

    private LatheWindow showWindow() {
        ViewServices services = new ViewServices(engine.workbench(), new FxTaskRunner(pool), Optional.of(model),
                Optional.of(TestModels.dataset()), Optional.of(TestModels.dataset()), new RecentFiles(tmp.resolve("recent.properties")),
                new AlertErrorSink());
        return onFx(() -> LatheWindow.show(new Stage(), services));
    }

    @Test
    void openingTheSampleShowsItsSummaryLayersAndOpHistogram() throws Exception {
        long parameters = engine.workbench().inspect(model).parameters();
        await("the welcome pane", 20, () -> lookup("#welcome").isVisible());
        assertThat(onFx(() -> exportItem().getText())).as("a greyed item says why")
                .isEqualTo("Export… (select a model in Models first)");
        robot.clickOn("#open-sample");
        await("the parameter count", 20, () -> lookup("#model-parameters") != null
                && ((Label) lookup("#model-parameters")).getText().equals(Formats.count(parameters)));
        assertThat(onFx(() -> ((TableView<?>) lookup("#layer-table")).getItems().size())).isPositive();
        assertThat(onFx(() -> ((ChartViewer) lookup("#op-histogram")).getChart().getCategoryPlot().getDataset()
                .getColumnCount())).isPositive();
        assertThat(onFx(() -> lookup("#welcome").isVisible())).isFalse();
        assertThat(onFx(() -> window.stage().getTitle())).contains(model.getFileName().toString());
        assertThat(onFx(() -> exportItem().getText())).isEqualTo("Export…");

        rightClick("#op-histogram");
        await("the chart's menu", 10, () -> shownMenuItems().containsAll(List.of(ChartMenu.SAVE_PNG,
                ChartMenu.SAVE_SVG)));
        robot.type(KeyCode.ESCAPE);
        ChartViewer ops = (ChartViewer) lookup("#op-histogram");
        savesAsPngAndSvg(ops, ops.getChart());

        rightClick("#layer-table");
        await("the table's menu", 10, () -> shownMenuItems().contains(Tables.COPY_AS_CSV));
        robot.clickOn(Tables.COPY_AS_CSV);
        String csv = onFx(() -> Clipboard.getSystemClipboard().getString());
        LayerInfo first = onFx(() -> this.<LayerInfo>table("#layer-table").getItems().get(0));
        assertThat(csv).startsWith("Layer,Op,Parameters,Bytes,Share\r\n" + String.join(",", quoted(first.name()),
                quoted(first.op()), quoted(Formats.count(first.parameters())), quoted(Formats.bytes(first.bytes())),
                quoted(Formats.percent(first.share()))) + "\r\n");
    }

    /**
     * Saves {@code chart} through the code its Save as PNG… and Save as SVG… run once a file is chosen: a PNG twice
     * the chart's size on screen with more than one colour in it, and an SVG document.
     */
    private void savesAsPngAndSvg(Node chart, Drawable drawing) throws Exception {
        FxTaskRunner runner = new FxTaskRunner(pool);
        RecordingErrors errors = new RecordingErrors();
        ChartFiles files = new ChartFiles(runner, errors);
        Path png = tmp.resolve(chart.getId() + ".png");
        Path svg = tmp.resolve(chart.getId() + ".svg");
        runFx(() -> {
            ChartMenu.save(chart, drawing, ChartFormat.PNG, png, files);
            ChartMenu.save(chart, drawing, ChartFormat.SVG, svg, files);
        });
        await("both files written", 20, () -> runner.activityProperty().get().isEmpty() && Files.exists(svg)
                && Files.exists(png));
        assertThat(errors.reported()).isEmpty();
        double width = onFx(() -> chart.getLayoutBounds().getWidth());
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo((int) Math.ceil(width * ChartFormat.PNG_SCALE));
        assertThat(IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count())
                .as("something drawn on the ground").isGreaterThan(2);
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = xml.newDocumentBuilder().parse(svg.toFile());
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
    }

    private static String quoted(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    /**
     * Right-clicks the middle of the node. The headless screen makes no context-menu request of a right click, as a
     * desktop does, so the request is sent as the desktop would send it.
     */
    private void rightClick(String query) {
        Node node = lookup(query);
        robot.rightClickOn(node);
        runFx(() -> {
            Bounds on = node.localToScreen(node.getBoundsInLocal());
            Point2D local = node.screenToLocal(on.getCenterX(), on.getCenterY());
            Event.fireEvent(node, new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, local.getX(),
                    local.getY(), on.getCenterX(), on.getCenterY(), false, null));
        });
    }

    /** The items of the context menus on screen. */
    private static List<String> shownMenuItems() {
        return javafx.stage.Window.getWindows().stream().filter(w -> w instanceof ContextMenu && w.isShowing())
                .flatMap(w -> ((ContextMenu) w).getItems().stream()).map(MenuItem::getText).toList();
    }

    @SuppressWarnings("unchecked")
    private <T> TableView<T> table(String query) {
        return (TableView<T>) lookup(query);
    }

    @Test
    void evaluatingOnFashionMnistShowsAccuracyAndConfusion() throws Exception {
        openModel();
        selectTab(1);
        await("the dataset default", 20, () -> !((javafx.scene.control.TextField) lookup("#eval-dataset"))
                .getText().isEmpty());
        robot.clickOn("#eval-limit").write("1000");
        robot.clickOn("#eval-run");
        await("the evaluation", SLOW, () -> ((TableView<?>) lookup("#eval-history")).getItems().size() == 1);
        assertThat(onFx(() -> ((Label) lookup("#eval-top1")).getText())).matches("\\d{1,3}\\.\\d %");
        assertThat(onFx(() -> ((Label) lookup("#eval-samples")).getText())).isEqualTo(Formats.count(1000));
        assertThat(onFx(() -> ((ConfusionHeatMap) lookup("#confusion-matrix")).classes())).isEqualTo(10);
        assertThat(onFx(() -> ((TableView<?>) lookup("#per-class")).getItems().size())).isEqualTo(10);
        assertThat(onFx(() -> ((Label) lookup("#eval-preprocessing")).getText())).isNotBlank();
        ConfusionHeatMap confusion = (ConfusionHeatMap) lookup("#confusion-matrix");
        savesAsPngAndSvg(confusion, onFx(() -> confusion.drawing().orElseThrow()));
    }

    @Test
    void benchmarkingDrawsLatenciesWhileRunningThenFillsThePercentileTable() throws Exception {
        openModel();
        selectTab(2);
        runFx(() -> {
            this.<Integer>spinner("#bench-warmup").getValueFactory().setValue(5);
            this.<Integer>spinner("#bench-iterations").getValueFactory().setValue(50);
            this.<Double>spinner("#bench-seconds").getValueFactory().setValue(1.5);
        });
        robot.clickOn("#bench-run");
        await("latencies drawn while measuring", SLOW, () -> benchmarkView().livePoints() > 0
                && !lookup("#bench-cancel").isDisabled());
        await("the run to finish", SLOW, () -> ((TableView<?>) lookup("#bench-history")).getItems().size() == 1);
        assertThat(onFx(() -> benchmarkView().livePoints())).isGreaterThanOrEqualTo(50);
        assertThat(onFx(() -> figureNames("#bench-latency")))
                .containsExactly("Counted runs", "Min", "Mean", "Std", "p50", "p90", "p95", "p99", "Max");
        assertThat(onFx(() -> figureNames("#bench-run-figures")))
                .contains("Throughput", "Load time", "Peak RSS", "Device");
        assertThat(onFx(() -> cutLabels("#bench-history"))).as("headers drawn whole, like Batch × threads").isEmpty();
        assertThat(onFx(() -> ((ChartViewer) lookup("#latency-histogram")).getChart().getXYPlot().getDataset()
                .getSeriesCount())).isEqualTo(1);
    }

    @Test
    void aBadFileShowsItsNameInAnErrorAndTheWindowStaysUsable() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.onnx"), "this is not a model\n");
        window.open(bad);
        await("the error dialog", 20, () -> lookup(".dialog-pane") != null);
        DialogPane dialog = (DialogPane) onFx(() -> lookup(".dialog-pane"));
        assertThat(onFx(() -> ((Label) dialog.getContent()).getText())).contains("bad.onnx");
        robot.clickOn(onFx(() -> dialog.lookupButton(ButtonType.OK)));
        await("the dialog to close", 10, () -> lookup(".dialog-pane") == null);
        openModel();
    }

    @Test
    void aNewWindowOverTheSameStoreListsTheModelAndItsEarlierRuns() throws Exception {
        openModel();
        selectTab(1);
        await("the dataset default", 20, () -> !lookup("#eval-run").isDisabled());
        robot.clickOn("#eval-limit").write("300");
        robot.clickOn("#eval-run");
        await("the evaluation", SLOW, () -> ((TableView<?>) lookup("#eval-history")).getItems().size() == 1);
        selectTab(2);
        runFx(() -> this.<Integer>spinner("#bench-iterations").getValueFactory().setValue(20));
        robot.clickOn("#bench-run");
        await("the benchmark", SLOW, () -> ((TableView<?>) lookup("#bench-history")).getItems().size() == 1);

        runFx(() -> window.stage().close());
        engine.close();
        engine = TestEngine.open(tmp.resolve("lathe.db"));
        window = showWindow();

        await("the model list", 20, () -> ((TreeView<?>) lookup("#model-tree")).getRoot().getChildren().size() == 1);
        assertThat(onFx(() -> lookup("#welcome").isVisible())).isFalse();
        // Names in Models may wrap after their dots (a zero-width space there), so the label is found by its class.
        assertThat(onFx(() -> ((Label) lookup(".model-name")).getText().replace("\u200b", "")))
                .isEqualTo(model.getFileName().toString());
        robot.clickOn(".model-name");
        selectTab(1);
        await("the earlier evaluation", 20, () -> ((TableView<?>) lookup("#eval-history")).getItems().size() == 1);
        selectTab(2);
        await("the earlier benchmark", 20, () -> ((TableView<?>) lookup("#bench-history")).getItems().size() == 1);
        assertThat(onFx(() -> benchmarkView().livePoints())).isEqualTo(20);
    }

    @Test
    void aModelWithoutAnInputShapeAsksForOneBeforeItsFirstEvaluation() throws Exception {
        Path noShape = TestModels.modelWithoutShape(tmp);
        window.open(noShape);
        await("the model to open", 20, () -> lookup("#model-tabs").isVisible());
        selectTab(1);
        await("the dataset default", 20, () -> !lookup("#eval-run").isDisabled());
        robot.clickOn("#eval-limit").write("64");
        robot.clickOn("#eval-run");
        await("the shape dialog", 20, () -> lookup("#input-shape") != null);
        robot.clickOn("#input-shape").write("1x1x28x28");
        DialogPane dialog = (DialogPane) onFx(() -> lookup(".dialog-pane"));
        robot.clickOn(onFx(() -> dialog.lookupButton(ButtonType.OK)));
        await("the evaluation", SLOW, () -> ((TableView<?>) lookup("#eval-history")).getItems().size() == 1);
        assertThat(engine.workbench().models().get(0).inputShape()).hasValueSatisfying(
                shape -> assertThat(shape).containsExactly(1, 1, 28, 28));
    }

    @Test
    void optimizingWithADynamicRecipeListsTheVariantUnderItsParentAndComparesThem() throws Exception {
        openModel();
        selectTab(3);
        await("the form to be ready", 20, () -> !lookup("#optimize-run").isDisabled());
        assertThat(onFx(() -> ((TextArea) lookup("#recipe-yaml")).getText())).contains("mode: dynamic");
        assertThat(onFx(() -> ((Label) ((TableView<?>) lookup("#variant-float-nodes")).getPlaceholder()).getText()))
                .as("no claim about float nodes before anything ran").isEmpty();
        robot.clickOn("#optimize-run");
        await("the variant under its parent", SLOW, () -> {
            TreeView<ModelRecord> tree = modelTree();
            return tree.getRoot().getChildren().size() == 1 && tree.getRoot().getChildren().get(0).getChildren().size() == 1
                    && tree.getSelectionModel().getSelectedItem() == tree.getRoot().getChildren().get(0).getChildren().get(0);
        });
        ModelRecord variant = onFx(() -> modelTree().getSelectionModel().getSelectedItem().getValue());
        ModelRecord parent = onFx(() -> modelTree().getRoot().getChildren().get(0).getValue());
        assertThat(variant.parentSha256()).contains(parent.sha256());
        await("the variant's report", 20, () -> ((Label) lookup("#variant-summary")).getText().contains("quantized"));
        assertThat(onFx(() -> cutLabels("#model-tree"))).as("names and hashes in Models drawn whole").isEmpty();

        selectTab(4);
        await("both rows", 20, () -> compareTable().getItems().size() == 2);
        assertThat(onFx(() -> cell("Model", 0))).contains("(parent)");
        assertThat(onFx(() -> cell("File size", 1))).isEqualTo(Formats.bytes(variant.fileBytes()));
        assertThat(onFx(() -> cell("Size ratio", 1)))
                .isEqualTo(Formats.decimal((double) parent.fileBytes() / variant.fileBytes(), 2) + "×");
        assertThat(onFx(() -> cell("p50", 1))).isEqualTo("not measured");
        assertThat(onFx(() -> cell("Cosine", 1))).isEqualTo("not measured");
        robot.clickOn("#compare-fidelity");
        await("the fidelity", SLOW, () -> !cell("Cosine", 1).equals("not measured"));
        assertThat(onFx(() -> cell("Top-1 agreement", 1))).as("the parent was never evaluated: random inputs")
                .endsWith(" (synthetic)");
        assertThat(onFx(() -> ((Label) lookup("#compare-status")).getText()))
                .endsWith(FidelityReport.WHY_SYNTHETIC_IS_LOWER);
        assertThat(Double.parseDouble(onFx(() -> cell("Cosine", 1)).replace(',', '.'))).isGreaterThan(0.9);
        assertThat(onFx(() -> cell("Top-1", 0))).isEqualTo("not measured");
        assertThat(onFx(() -> cell("Top-1", 1))).matches("\\d{1,3}\\.\\d %");

        robot.clickOn("#compare-benchmark");
        await("the side-by-side benchmark", SLOW, () -> cell("Speedup", 1).endsWith("×"));
        assertThat(onFx(() -> cell("p50", 0))).isNotEqualTo("not measured");
        assertThat(onFx(() -> cell("Cosine", 1))).as("fidelity kept across the re-read").isNotEqualTo("not measured");
        assertThat(onFx(() -> ((CompareView) lookup("#compare-view")).scatterPoints())).isEqualTo(1);
        XYPlot scatter = onFx(() -> ((ChartViewer) lookup("#compare-scatter")).getChart().getXYPlot());
        LegendItem legend = onFx(() -> scatter.getLegendItems().get(0));
        Shape plotted = onFx(() -> scatter.getRenderer().getItemShape(0, 0));
        assertThat(legend.getShape()).as("the legend draws the plotted circle").isInstanceOf(Ellipse2D.class)
                .isEqualTo(plotted);
        NumberTickUnit tick = onFx(() -> ((NumberAxis) ((ChartViewer) lookup("#compare-sizes")).getChart()
                .getCategoryPlot().getRangeAxis()).getTickUnit());
        assertThat(tick.valueToString(tick.getSize() * 3)).as("the size axis in MiB, the byte formatter's words")
                .isEqualTo(Formats.mebibytes(tick.getSize() * 3, tick.getSize())).endsWith(" MiB");
        assertThat(onFx(() -> ((CompareView) lookup("#compare-view")).latencySeries())).isEqualTo(2);

        selectTab(3);
        await("the per-layer report", 20, () -> !((TableView<?>) lookup("#layer-error-table")).getItems().isEmpty());
        scrollIntoView("#keep-float-0");
        robot.clickOn("#keep-float-0");
        await("a sibling made with that layer in float", SLOW,
                () -> modelTree().getRoot().getChildren().get(0).getChildren().size() == 2);
        assertThat(onFx(() -> ((TextArea) lookup("#recipe-yaml")).getText())).contains("name: \"int8-dynamic-float1\"")
                .contains("exclude: [\"/");
    }

    @Test
    @SuppressWarnings("unchecked")
    void cancellingAStaticRunMidCalibrationKeepsNothing() throws Exception {
        openModel();
        selectTab(3);
        await("the form to be ready", 20, () -> !lookup("#optimize-run").isDisabled());
        runFx(() -> {
            ChoiceBox<QuantizeSpec.Mode> mode = (ChoiceBox<QuantizeSpec.Mode>) lookup("#recipe-mode");
            mode.setValue(QuantizeSpec.Mode.STATIC);
            ((ChoiceBox<QuantizeSpec.CalibrationMethod>) lookup("#recipe-method"))
                    .setValue(QuantizeSpec.CalibrationMethod.ENTROPY);
        });
        robot.clickOn("#recipe-samples").eraseText(3).write("5000");
        assertThat(onFx(() -> ((TextArea) lookup("#recipe-yaml")).getText())).contains("mode: static", "samples: 5000");
        robot.clickOn("#optimize-run");
        await("the run to start", 20, () -> !lookup("#optimize-cancel").isDisabled());
        robot.clickOn("#optimize-cancel");
        await("the cancel", SLOW, () -> ((Label) lookup("#optimize-status")).getText().equals("Cancelled"));
        assertThat(engine.workbench().models()).hasSize(1);
        assertThat(onFx(() -> lookup("#optimize-progress").isVisible())).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFinetuneRunDrawsItsCurveLiveAndCancelKeepsNothing() throws Exception {
        openModel();
        selectTab(3);
        await("the form to be ready", 20, () -> !lookup("#optimize-run").isDisabled());
        runFx(() -> ((ChoiceBox<RecipeForm.Kind>) lookup("#recipe-kind")).setValue(RecipeForm.Kind.FINETUNE));
        robot.clickOn("#recipe-batch").eraseText(2).write("8");
        robot.clickOn("#recipe-examples").write("4096");
        assertThat(onFx(() -> ((TextArea) lookup("#recipe-yaml")).getText())).contains("finetune:", "examples: 4096");
        robot.clickOn("#optimize-run");
        await("the curve", SLOW, () -> ((OptimizeView) lookup("#optimize-view")).curvePoints() > 0);
        await("the ETA", 20, () -> ((Label) lookup("#optimize-status")).getText().matches("epoch 1 of 1, loss .*, ETA .*"));
        robot.clickOn("#optimize-cancel");
        await("the cancel", SLOW, () -> ((Label) lookup("#optimize-status")).getText().equals("Cancelled"));
        assertThat(engine.workbench().models()).hasSize(1);
        assertThat(onFx(() -> ((OptimizeView) lookup("#optimize-view")).curvePoints())).isBetween(1, 4096 / 8 - 1);
    }

    @Test
    void choosingPruneShowsItsFieldsAndAPruneThenFinetuneRunMarksEachTrainingOnTheCurve() throws Exception {
        openModel();
        selectTab(3);
        await("the form to be ready", 20, () -> !lookup("#optimize-run").isDisabled());
        robot.clickOn("#recipe-kind");
        robot.clickOn("prune");
        await("the prune fields", 10, () -> shown("#prune-sparsity"));
        assertThat(onFx(() -> shown("#recipe-mode"))).as("the quantize fields hidden").isFalse();
        assertThat(onFx(() -> shown("#prune-structure") && shown("#prune-cuts") && shown("#prune-exclude")))
                .isTrue();
        assertThat(onFx(() -> ((TextField) lookup("#recipe-name")).getText())).isEqualTo("prune-unstructured");
        assertThat(onFx(() -> ((TextArea) lookup("#recipe-yaml")).getText())).contains("prune:", "sparsity: 0.5");

        retype("#prune-sparsity", "1.5");
        await("the recipe's own rule", 10, () -> ((Label) lookup("#optimize-status")).getText()
                .startsWith("'sparsity' is the fraction of weights (or channels) removed"));
        assertThat(onFx(() -> lookup("#optimize-run").isDisabled())).isTrue();
        retype("#prune-sparsity", "0.5");
        retype("#prune-cuts", "2");
        retype("#prune-start", "0.25");
        robot.clickOn("#prune-examples").write("128");
        robot.clickOn("#recipe-add");
        robot.clickOn("#recipe-add-finetune");
        await("the finetune step's fields", 10, () -> shown("#recipe-epochs") && !shown("#prune-sparsity"));
        robot.clickOn("#recipe-examples").write("128");
        assertThat(onFx(() -> ((ListView<?>) lookup("#recipe-steps")).getItems().size())).isEqualTo(2);
        assertThat(onFx(() -> ((TextArea) lookup("#recipe-yaml")).getText())).contains("prune:", "finetune:",
                "steps: 2", "examples: 128");

        String yaml = onFx(() -> ((TextArea) lookup("#recipe-yaml")).getText());
        robot.clickOn("#optimize-run");
        await("the run", SLOW, () -> ((Label) lookup("#optimize-status")).getText().startsWith("Made "));
        assertThat(onFx(() -> ((OptimizeView) lookup("#optimize-view")).curvePoints())).as(yaml).isEqualTo(6);
        assertThat(onFx(() -> ((OptimizeView) lookup("#optimize-view")).curveMarks()))
                .containsExactly("step 1: prune cut 1/2", "cut 2/2", "step 2: finetune");
    }

    @Test
    @SuppressWarnings("unchecked")
    void percentileThirtyInTheQuantizeFormIsRefusedBesideTheFieldInTheCommandLinesWords() throws Exception {
        openModel();
        selectTab(3);
        await("the form to be ready", 20, () -> !lookup("#optimize-run").isDisabled());
        runFx(() -> ((ChoiceBox<QuantizeSpec.Mode>) lookup("#recipe-mode")).setValue(QuantizeSpec.Mode.STATIC));
        // The recipe the form would save, with percentile 30, as 'lathe optimize --recipe' reads it (OptimizeCommand)
        String saved = onFx(() -> ((TextArea) lookup("#recipe-yaml")).getText());
        Path thirty = Files.writeString(tmp.resolve("thirty.yaml"), saved.replace("percentile: 99.99", "percentile: 30"));
        String cli = catchThrowableOfType(() -> new RecipeParser().parse(thirty), RecipeException.class).getMessage();
        assertThat(onFx(() -> shown("#recipe-percentile-problem"))).as("no problem before it is typed").isFalse();

        retype("#recipe-percentile", "30");

        await("the recipe's own words beside the field", 10, () -> shown("#recipe-percentile-problem"));
        String beside = onFx(() -> ((Label) lookup("#recipe-percentile-problem")).getText());
        assertThat(beside).isEqualTo("'percentile' must be above 50 and at most 100, like 99.99, not 30.0");
        assertThat(cli).isEqualTo("thirty.yaml line 10: " + beside);
        assertThat(onFx(() -> ((Label) lookup("#optimize-status")).getText())).isEqualTo(beside);
        assertThat(onFx(() -> ((TextArea) lookup("#recipe-yaml")).getText())).isEqualTo("# " + beside);
        assertThat(onFx(() -> lookup("#optimize-run").isDisabled())).as("nothing to run").isTrue();
        assertThat(onFx(() -> shown("#recipe-samples-problem"))).isFalse();

        retype("#recipe-percentile", "99.9");
        await("the field accepted again", 10, () -> !shown("#recipe-percentile-problem")
                && !lookup("#optimize-run").isDisabled());
        assertThat(onFx(() -> ((TextArea) lookup("#recipe-yaml")).getText())).contains("percentile: 99.9");
    }

    @Test
    void aRecipeWithATypoShowsAnErrorNamingItsLine() throws Exception {
        Path typo = Files.writeString(tmp.resolve("typo.yaml"),
                "lathe: 1\nname: typo\nsteps:\n  - quantize:\n      mode: dynamc\n");
        openModel();
        selectTab(3);
        runFx(() -> ((OptimizeView) lookup("#optimize-view")).load(typo));
        await("the error dialog", 20, () -> lookup(".dialog-pane") != null);
        DialogPane dialog = (DialogPane) onFx(() -> lookup(".dialog-pane"));
        assertThat(onFx(() -> ((Label) dialog.getContent()).getText())).contains("typo.yaml").contains("line 5");
        robot.clickOn(onFx(() -> dialog.lookupButton(ButtonType.OK)));
    }

    @Test
    void fileExportWritesTheOpenedModelAsAPteWithItsProvenanceAndCard() throws Exception {
        openModel();
        robot.clickOn("File");
        robot.clickOn("Export…");
        await("the export dialog", 20, () -> lookup("#export-dialog") != null);
        robot.clickOn("#export-format-executorch");
        assertThat(onFx(() -> ((CheckBox) lookup("#export-xnnpack")).isSelected())).as("XNNPACK by default").isTrue();
        assertThat(onFx(() -> lookup("#export-format-torchscript").isDisabled())).as("TorchScript can be chosen")
                .isFalse();
        Path out = tmp.resolve("exported");
        retype("#export-folder", out.toString());
        robot.clickOn(onFx(() -> lookup("#export-confirm")));
        await("the files written", SLOW, () -> ((Label) lookup("#export-outcome")).getText().startsWith("Written:"));

        String stem = model.getFileName().toString().replaceFirst("\\.onnx$", "");
        assertThat(out.resolve(stem + ".pte")).isNotEmptyFile();
        assertThat(out.resolve(stem + ".pte.model-card.md")).content().startsWith("# " + stem + ".pte");
        JsonNode provenance = new ObjectMapper().readTree(out.resolve(stem + ".pte.provenance.json").toFile());
        assertThat(provenance.get("executorch").get("delegate").asText()).isEqualTo("xnnpack");
        assertThat(onFx(() -> ((Label) lookup("#export-outcome")).getText())).contains(out.resolve(stem + ".pte")
                .toString());
    }

    /** Clicks into a text field and types over all of its text. */
    private void retype(String query, String text) {
        robot.clickOn(query);
        runFx(() -> ((TextField) lookup(query)).selectAll());
        robot.write(text);
    }

    /** Whether the node is on screen as far as visibility goes: it and every node it sits in are visible. */
    private boolean shown(String query) {
        for (Node n = lookup(query); n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return lookup(query) != null;
    }

    /** Scrolls the tab that holds the node to its end until the node is inside the window, as a user would. */
    private void scrollIntoView(String query) throws Exception {
        await(query + " scrolled into the window", 10, () -> {
            Node node = lookup(query);
            node.requestFocus();  // else the field focused on top of the tab holds the view there
            for (Node n = node; n != null; n = n.getParent()) {
                if (n instanceof ScrollPane scroll) {
                    scroll.setVvalue(scroll.getVmax());
                    break;
                }
            }
            Scene scene = node.getScene();
            return node.localToScene(node.getBoundsInLocal()).getMaxY() <= scene.getHeight();
        });
    }

    @Test
    void compareMeasuresTheModelInATickedRuntimeAndSaysInOneLineWhereThisComputerLacksIt() throws Exception {
        openModel();
        selectTab(4);
        await("the model's row", 20, () -> compareTable().getItems().size() == 1);
        assertThat(onFx(() -> compareTable().getHeight())).as("room for five rows at least").isGreaterThan(5 * 26);
        assertThat(onFx(() -> lookup("#compare-runtime-table").isVisible())).as("ONNX Runtime alone").isFalse();
        scrollIntoView("#compare-runtime-executorch-xnnpack");
        robot.clickOn("#compare-runtime-executorch-xnnpack");
        await("the runtime table", 10, () -> lookup("#compare-runtime-table").isVisible());
        assertThat(onFx(() -> ((CheckBox) lookup("#compare-runtime-device-this-computer")).isSelected())).isTrue();
        // Pressed as a button is, wherever the scrolled tab has it (scrolling to the end can move it above the top).
        runFx(() -> ((javafx.scene.control.Button) lookup("#compare-measure-runtimes")).fire());
        await("a row per runtime, measured", SLOW, () -> runtimeTable().getItems().size() == 2
                && !runtimeCell("p50", 0).equals("not measured"));

        assertThat(onFx(() -> runtimeCell("Runtime", 0))).isEqualTo("ONNX Runtime (.onnx)");
        assertThat(onFx(() -> runtimeCell("Runtime", 1))).isEqualTo("ExecuTorch XNNPACK (.pte)");
        assertThat(onFx(() -> cutCells("#compare-runtime-table", "Runtime"))).as("runtimes named whole").isEmpty();
        assertThat(onFx(() -> runtimeCell("Note", 1))).contains("has no ExecuTorch runner for");
        assertThat(onFx(() -> runtimeCell("p50", 1))).isEqualTo("–");
        assertThat(onFx(() -> ((Label) lookup("#compare-status")).getText()))
                .isEqualTo("Measured 1 model in 2 runtimes on 1 device; 1 did not run: its line says why");
    }

    @SuppressWarnings("unchecked")
    private TableView<dev.lathe.views.compare.RuntimeRow> runtimeTable() {
        return (TableView<dev.lathe.views.compare.RuntimeRow>) lookup("#compare-runtime-table");
    }

    private String runtimeCell(String column, int row) {
        return runtimeTable().getColumns().stream().filter(c -> c.getText().equals(column)).findFirst()
                .map(c -> String.valueOf(c.getCellData(row))).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private TreeView<ModelRecord> modelTree() {
        return (TreeView<ModelRecord>) lookup("#model-tree");
    }

    @SuppressWarnings("unchecked")
    private TableView<CompareRow> compareTable() {
        return (TableView<CompareRow>) lookup("#compare-table");
    }

    private String cell(String column, int row) {
        return compareTable().getColumns().stream().filter(c -> c.getText().equals(column)).findFirst()
                .map(c -> String.valueOf(c.getCellData(row))).orElseThrow();
    }

    private void openModel() throws Exception {
        long parameters = engine.workbench().inspect(model).parameters();
        window.open(model);
        await("the model to open", 20, () -> lookup("#model-tabs").isVisible() && lookup("#model-parameters") != null
                && ((Label) lookup("#model-parameters")).getText().equals(Formats.count(parameters)));
    }

    /** The cells of {@code column} in the table {@code query} drawn cut off ("ExecuTorch XNN…"). */
    private List<String> cutCells(String query, String column) {
        return lookup(query).lookupAll(".table-cell").stream().filter(n -> n instanceof TableCell<?, ?> c
                        && c.isVisible() && c.getTableColumn() != null && column.equals(c.getTableColumn().getText())
                        && c.getText() != null && !c.getText().isEmpty())
                .map(n -> (TableCell<?, ?>) n)
                .filter(c -> c.lookup(".text") instanceof Text t && !t.getText().equals(c.getText()))
                .map(TableCell::getText).toList();
    }

    /** The labels under {@code query} drawn cut off ("Batch × thr…", "cnn.int8-dyn…"). */
    private List<String> cutLabels(String query) {
        return lookup(query).lookupAll(".label").stream().filter(n -> n instanceof Label && n.isVisible())
                .map(n -> (Label) n).filter(l -> !l.getText().isEmpty())
                .filter(l -> l.lookup(".text") instanceof Text t && !t.getText().equals(l.getText()))
                .map(Label::getText).toList();
    }

    private MenuItem exportItem() {
        return ((MenuBar) lookup("#main-menu")).getMenus().get(0).getItems().stream()
                .filter(i -> "menu-export".equals(i.getId())).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private List<String> figureNames(String table) {
        return ((TableView<Figure>) lookup(table)).getItems().stream().map(Figure::name).toList();
    }

    private void selectTab(int index) {
        runFx(() -> ((TabPane) lookup("#model-tabs")).getSelectionModel().select(index));
    }

    private Node lookup(String query) {
        return window.stage().getScene().lookup(query) != null && !query.equals(".dialog-pane")
                ? window.stage().getScene().lookup(query)
                : robot.lookup(query).tryQuery().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private <T> Spinner<T> spinner(String id) {
        return (Spinner<T>) lookup(id);
    }

    private BenchmarkView benchmarkView() {
        return (BenchmarkView) lookup("#benchmark-view");
    }
}
