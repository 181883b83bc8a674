package dev.lathe.views.demo;

import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * What Stage view shows while a demo plays: the step's caption across the top, under it a replay note when the step
 * is a replay (never hidden, never small), and the step itself: the wall's panels, Compare's chart, or its lines in
 * large type. The window lends the wall and Compare views ({@code lent}) while they show here.
 */
public final class DemoStage extends BorderPane {
    /** The keys line at the foot of Stage view while a demo plays. */
    public static final String KEYS = "Demo   ·   Space or →: next step   ·   Esc or F11: leave Stage view";

    private final DemoPlayer player;
    private final Function<DemoPlayer.Showing, Node> lent;
    private final VBox lines = new VBox(6);

    public DemoStage(DemoPlayer player, Function<DemoPlayer.Showing, Node> lent) {
        this.player = player;
        this.lent = lent;
        setId("demo-stage");
        Label caption = new Label();
        caption.setId("demo-caption");
        caption.getStyleClass().add("demo-caption");
        caption.setWrapText(true);
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.textProperty().bind(player.captionProperty());
        Label replay = new Label();
        replay.setId("demo-replay");
        replay.getStyleClass().add("demo-replay");
        replay.setWrapText(true);
        replay.setMaxWidth(Double.MAX_VALUE);
        replay.textProperty().bind(player.replayNoteProperty());
        replay.visibleProperty().bind(Bindings.isNotEmpty(player.replayNoteProperty()));
        replay.managedProperty().bind(replay.visibleProperty());
        setTop(new VBox(caption, replay));
        lines.setId("demo-lines");
        lines.getStyleClass().add("demo-lines");
        player.lines().addListener((ListChangeListener<String>) c -> showLines());
        player.showingProperty().addListener((obs, old, now) -> show(now));
        show(player.showingProperty().get());
    }

    private void show(DemoPlayer.Showing what) {
        lines.getStyleClass().remove("demo-lines-small");
        switch (what) {
            case WALL, COMPARE -> {
                Node borrowed = lent.apply(what);
                VBox.setVgrow(borrowed, Priority.ALWAYS);
                lines.getStyleClass().add("demo-lines-small");
                VBox box = new VBox(8, borrowed, lines);
                setCenter(box);
            }
            default -> setCenter(lines);
        }
    }

    /**
     * The latest lines that fit, a run of progress lines ("Evaluated 2112 of 10000", then "… 2880 of 10000") shown as
     * its latest one.
     */
    private void showLines() {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (String line : player.lines()) {
            if (!all.isEmpty() && progressOfTheSameKind(all.get(all.size() - 1), line)) {
                all.set(all.size() - 1, line);
            } else {
                all.add(line);
            }
        }
        int from = Math.max(0, all.size() - 12);
        lines.getChildren().setAll(all.subList(from, all.size()).stream().map(t -> {
            Label l = new Label(t);
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            return (Node) l;
        }).toList());
    }

    static boolean progressOfTheSameKind(String before, String now) {
        int space = now.indexOf(' ');
        return space > 0 && before.startsWith(now.substring(0, space + 1)) && PROGRESS.matcher(before).find()
                && PROGRESS.matcher(now).find();
    }

    private static final java.util.regex.Pattern PROGRESS = java.util.regex.Pattern.compile("\\d+ of \\d+");

    public DemoPlayer player() {
        return player;
    }
}
