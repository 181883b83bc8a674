package dev.lathe.views.main;

import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.common.Formats;
import java.util.HashSet;
import java.util.Set;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
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

    private static final class ModelCell extends TreeCell<ModelRecord> {
        @Override
        protected void updateItem(ModelRecord model, boolean empty) {
            super.updateItem(model, empty);
            if (empty || model == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(model.name());
            name.getStyleClass().add("model-name");
            Label facts = new Label(model.format().displayName() + " · " + Formats.bytes(model.fileBytes()) + " · "
                    + model.shortHash());
            facts.getStyleClass().add("model-facts");
            setText(null);
            setGraphic(new VBox(1, name, facts));
        }
    }
}
