package dev.lathe.views.main;

import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.common.Formats;
import java.util.HashSet;
import java.util.Set;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeView;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The models in the store as a lineage tree; selecting one shows it. */
final class ModelTree extends TreeView<ModelRecord> {
    private final MainViewModel viewModel;
    private boolean rebuilding;

    ModelTree(MainViewModel viewModel) {
        this.viewModel = viewModel;
        setId("model-tree");
        setShowRoot(false);
        setRoot(new TreeItem<>());
        setCellFactory(tree -> new ModelCell());
        viewModel.models().addListener((ListChangeListener<ModelRecord>) c -> rebuild());
        getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (!rebuilding && now != null && now.getValue() != null) {
                viewModel.select(now.getValue());
            }
        });
        viewModel.selectedProperty().addListener((obs, old, now) -> reveal(now));
        rebuild();
    }

    private void rebuild() {
        rebuilding = true;
        try {
            Lineage lineage = new Lineage(viewModel.models());
            TreeItem<ModelRecord> root = new TreeItem<>();
            Set<String> seen = new HashSet<>();
            lineage.roots().forEach(m -> root.getChildren().add(item(m, lineage, seen)));
            setRoot(root);
        } finally {
            rebuilding = false;
        }
        reveal(viewModel.selectedProperty().get());
    }

    private static TreeItem<ModelRecord> item(ModelRecord model, Lineage lineage, Set<String> seen) {
        TreeItem<ModelRecord> item = new TreeItem<>(model);
        item.setExpanded(true);
        // Guards against a parent cycle in damaged data, which would otherwise recurse forever.
        if (seen.add(model.sha256())) {
            lineage.childrenOf(model).forEach(c -> item.getChildren().add(item(c, lineage, seen)));
        }
        return item;
    }

    private void reveal(ModelRecord model) {
        if (model == null) {
            getSelectionModel().clearSelection();
            return;
        }
        TreeItem<ModelRecord> current = getSelectionModel().getSelectedItem();
        if (current != null && current.getValue() != null && current.getValue().sha256().equals(model.sha256())) {
            return;
        }
        TreeItem<ModelRecord> found = find(getRoot(), model.sha256());
        if (found != null) {
            getSelectionModel().select(found);
        }
    }

    private static TreeItem<ModelRecord> find(TreeItem<ModelRecord> at, String sha) {
        if (at.getValue() != null && at.getValue().sha256().equals(sha)) {
            return at;
        }
        for (TreeItem<ModelRecord> child : at.getChildren()) {
            TreeItem<ModelRecord> found = find(child, sha);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * A model's name and facts, wrapped to the sidebar's width rather than cut off ("cnn.int8-stat…"): a variant's
     * name is its parent's with each recipe's appended, and the sidebar is narrow. The tooltip has the full hash.
     */
    private static final class ModelCell extends TreeCell<ModelRecord> {
        /** Room the tree takes left of a cell's text per level (arrow and indent) and for its scroll bar. */
        private static final double INDENT = 18;
        private static final double MARGIN = 40;

        @Override
        protected void updateItem(ModelRecord model, boolean empty) {
            super.updateItem(model, empty);
            if (empty || model == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            Label name = wrapping(breakable(model.name()), "model-name");
            Label facts = wrapping(model.format().displayName() + " · " + Formats.bytes(model.fileBytes()) + " · "
                    + model.shortHash(), "model-facts");
            VBox box = new VBox(1, name, facts);
            int level = getTreeView().getTreeItemLevel(getTreeItem());
            box.prefWidthProperty().bind(getTreeView().widthProperty().subtract(MARGIN + INDENT * level));
            box.setMinWidth(0);
            box.maxWidthProperty().bind(box.prefWidthProperty());
            setText(null);
            setGraphic(box);
            setTooltip(new Tooltip(model.name() + "\n" + model.format().displayName() + ", "
                    + Formats.bytes(model.fileBytes()) + "\nSHA-256 " + model.sha256()));
        }

        private static Label wrapping(String text, String style) {
            Label label = new Label(text);
            label.getStyleClass().add(style);
            label.setWrapText(true);
            label.setMinHeight(Region.USE_PREF_SIZE);
            return label;
        }

        /** Lets a long file name wrap after its dots and underscores, where a line would otherwise not break. */
        static String breakable(String name) {
            return name.replace(".", ".\u200b").replace("_", "_\u200b");
        }
    }
}
