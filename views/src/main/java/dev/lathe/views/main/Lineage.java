package dev.lathe.views.main;

import dev.lathe.engine.store.ModelRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Models arranged by parentage: a variant sits under the model it was made from. A variant whose parent is not in
 * the list is shown as a root, so nothing the store holds is ever hidden.
 */
public final class Lineage {
    private final List<ModelRecord> roots = new ArrayList<>();
    private final Map<String, List<ModelRecord>> children = new LinkedHashMap<>();

    public Lineage(List<ModelRecord> models) {
        Set<String> known = models.stream().map(ModelRecord::sha256).collect(Collectors.toSet());
        for (ModelRecord m : models) {
            String parent = m.parentSha256().filter(known::contains).filter(p -> !p.equals(m.sha256())).orElse(null);
            if (parent == null) {
                roots.add(m);
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(m);
            }
        }
    }

    public List<ModelRecord> roots() {
        return List.copyOf(roots);
    }

    public List<ModelRecord> childrenOf(ModelRecord model) {
        return List.copyOf(children.getOrDefault(model.sha256(), List.of()));
    }
}
