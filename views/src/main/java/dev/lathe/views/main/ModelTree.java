package dev.lathe.views.main;

import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.common.Formats;
import java.util.HashSet;
import java.util.Set;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
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
        setCellFactory(ModelCell::new);
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
        private final Label name = wrapping("model-name");
        private final Label facts = wrapping("model-facts");
        private final VBox box = new VBox(1, name, facts);
        private final DoubleProperty indent = new SimpleDoubleProperty();

        /** One width binding per cell, which the tree reuses for item after item. */
        ModelCell(TreeView<ModelRecord> tree) {
            box.setMinWidth(0);
            box.prefWidthProperty().bind(tree.widthProperty().subtract(indent).subtract(MARGIN));
            box.maxWidthProperty().bind(box.prefWidthProperty());
        }

        @Override
        protected void updateItem(ModelRecord model, boolean empty) {
            super.updateItem(model, empty);
            setText(null);
            if (empty || model == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            name.setText(breakable(model.name()));
            facts.setText(model.format().displayName() + " · " + Formats.bytes(model.fileBytes()) + " · "
                    + model.shortHash());
            indent.set(INDENT * getTreeView().getTreeItemLevel(getTreeItem()));
            setGraphic(box);
            setTooltip(new Tooltip(model.name() + "\n" + model.format().displayName() + ", "
                    + Formats.bytes(model.fileBytes()) + "\nSHA-256 " + model.sha256()));
        }

        private static Label wrapping(String style) {
            Label label = new Label();
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
