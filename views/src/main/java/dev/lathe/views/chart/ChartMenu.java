package dev.lathe.views.chart;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.ui.Drawable;

/**
 * The one context menu every chart has: Save as PNG… and Save as SVG…, each asking where with the chart's title as
 * the proposed name, and saving at the size the chart has on screen. It replaces the chart library's own menu, so
 * every chart, whether the library draws it or Lathe does, offers the same two entries.
 */
public final class ChartMenu {
    public static final String SAVE_PNG = "Save as PNG…";
    public static final String SAVE_SVG = "Save as SVG…";

    private ChartMenu() {
    }

    /** For a JFreeChart on screen: draws its chart, named by its title, else by {@code name}. */
    public static void attach(ChartViewer viewer, String name, ChartFiles files) {
        attach(viewer, () -> Optional.of(viewer.getChart()), () -> title(viewer.getChart()).orElse(name), files);
    }

    /**
     * For any chart: {@code drawing} gives what to draw at the node's size (empty while there is nothing to save),
     * {@code name} the proposed file name without its extension.
     */
    public static void attach(Node node, Supplier<Optional<? extends Drawable>> drawing, Supplier<String> name,
                              ChartFiles files) {
        MenuItem png = new MenuItem(SAVE_PNG);
        MenuItem svg = new MenuItem(SAVE_SVG);
        png.setOnAction(e -> ask(node, drawing, name.get(), ChartFormat.PNG, files));
        svg.setOnAction(e -> ask(node, drawing, name.get(), ChartFormat.SVG, files));
        ContextMenu menu = new ContextMenu(png, svg);
        menu.setId("chart-menu");
        node.setOnContextMenuRequested(e -> {
            boolean nothing = drawing.get().isEmpty();
            png.setDisable(nothing);
            svg.setDisable(nothing);
            menu.show(node, e.getScreenX(), e.getScreenY());
            e.consume();
        });
    }

    /** Saves what {@code node} shows now, at its size on screen, without asking where; what the menu items do next. */
    public static void save(Node node, Drawable drawing, ChartFormat format, Path file, ChartFiles files) {
        files.save(drawing, node.getLayoutBounds().getWidth(), node.getLayoutBounds().getHeight(), format, file);
    }

    private static void ask(Node node, Supplier<Optional<? extends Drawable>> drawing, String name, ChartFormat format,
                            ChartFiles files) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the chart as " + format.name());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.description(),
                "*." + format.extension()));
        chooser.setInitialFileName(ChartFiles.fileName(name, format));
        files.lastFolder().map(Path::toFile).filter(File::isDirectory).ifPresent(chooser::setInitialDirectory);
        File chosen = chooser.showSaveDialog(node.getScene().getWindow());
        Optional<? extends Drawable> now = drawing.get();
        if (chosen == null || now.isEmpty()) {
            return;
        }
        Path file = chosen.toPath();
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith("." + format.extension())) {
            file = file.resolveSibling(file.getFileName() + "." + format.extension());
        }
        save(node, now.get(), format, file, files);
    }

    private static Optional<String> title(JFreeChart chart) {
        return Optional.ofNullable(chart.getTitle()).map(t -> t.getText()).filter(t -> !t.isBlank());
    }
}
