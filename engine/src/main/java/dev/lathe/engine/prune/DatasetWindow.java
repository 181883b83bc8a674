package dev.lathe.engine.prune;

import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.DatasetException;
import dev.lathe.engine.data.DatasetFormat;
import dev.lathe.engine.data.RawSample;
import java.util.List;
import java.util.Optional;

/**
 * {@code size} consecutive examples of a dataset from {@code offset}, wrapping at its end. Each gradual pruning
 * step fine-tunes on the next window, so a per-step example limit still walks over the whole training set.
 */
final class DatasetWindow implements Dataset {
    private final Dataset data;
    private final int offset;
    private final int size;

    DatasetWindow(Dataset data, int offset, int size) {
        this.data = data;
        this.offset = offset % data.size();
        this.size = Math.min(size, data.size());
    }

    private int index(int i) {
        return (offset + i) % data.size();
    }

    @Override
    public String name() {
        return data.name();
    }

    @Override
    public DatasetFormat format() {
        return data.format();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public List<String> classNames() {
        return data.classNames();
    }

    @Override
    public Optional<ImageGeometry> imageGeometry() {
        return data.imageGeometry();
    }

    @Override
    public Optional<Integer> featureCount() {
        return data.featureCount();
    }

    @Override
    public int label(int index) throws DatasetException {
        return data.label(index(index));
    }

    @Override
    public RawSample sample(int index) throws DatasetException {
        return data.sample(index(index));
    }

    @Override
    public String sha256() throws DatasetException {
        return data.sha256();
    }
}
