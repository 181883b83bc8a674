package dev.lathe.engine.data;

import java.util.List;
import java.util.Optional;

/**
 * Labelled examples for evaluation and calibration. Reads lazily where the format allows, so opening a large image
 * folder costs only a directory listing.
 */
public interface Dataset {

    /** What a user would call it: a file or folder name. */
    String name();

    DatasetFormat format();

    int size();

    /** Class names by label index. */
    List<String> classNames();

    /** Width, height and channels shared by every image, when known without decoding them all. */
    Optional<ImageGeometry> imageGeometry();

    /** Number of features of each row, for tabular data. */
    Optional<Integer> featureCount();

    int label(int index) throws DatasetException;

    RawSample sample(int index) throws DatasetException;

    /** SHA-256 over the files that make up the dataset, so results can say exactly which data they came from. */
    String sha256() throws DatasetException;

    record ImageGeometry(int width, int height, int channels) {
        public String describe() {
            return channels + "×" + height + "×" + width;
        }
    }
}
