package dev.lathe.engine.model.onnx;

import java.nio.file.Path;

/**
 * A data file a model's tensors are stored in, checked to sit inside the model's folder: its location as a plain
 * relative path ("weights/w.bin", without "./"), and the file itself.
 */
public record ExternalFile(String location, Path file) {
}
