package dev.lathe.engine.distill;

import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Path;

/**
 * The model whose outputs a student learns from: any file Lathe can run (ONNX or TorchScript). Only its outputs
 * are used, so its format never limits what the student can be.
 */
public record Teacher(String name, Path file, ModelFormat format) {
}
