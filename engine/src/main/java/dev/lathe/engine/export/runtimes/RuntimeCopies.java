package dev.lathe.engine.export.runtimes;

import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.export.pte.PteDelegate;
import dev.lathe.engine.export.pte.PteFileExporter;
import dev.lathe.engine.export.torchscript.TorchScriptFileExporter;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.task.LatheException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A model in the format another runtime runs: exported once from the ONNX model (with its provenance and card, as
 * {@code lathe export} writes them) and kept beside the store under the source's hash and the export's settings, so
 * that measuring one variant in every runtime exports each format once (the store then knows the copy as a model). A copy is published whole (written beside, then moved in), so
 * two workbenches exporting the same model at once both end with the same complete files.
 */
public final class RuntimeCopies {
    private final Path dir;
    private final PteFileExporter pte;
    private final TorchScriptFileExporter torchScript;

    /** @param dir where copies are kept, one folder per source hash and settings */
    public RuntimeCopies(Path dir, VariantExporter sources) {
        this.dir = dir;
        this.pte = new PteFileExporter(sources);
        this.torchScript = new TorchScriptFileExporter(sources);
    }

    /** The file that runs {@code model} in {@code target}, and whether it was exported now or found kept. */
    public record Copy(Path file, ModelRecord source, RuntimeTarget target, Optional<PteDelegate> delegate,
                       boolean exportedNow) {
        /** The model itself, already in the target's format. */
        public boolean isSource() {
            return file.equals(source.path());
        }
    }

    /** A copy as the store knows it: {@code model} is the copy's record (the source's when it is the source). */
    public record Opened(ModelRecord model, Copy copy) {
    }

    /**
     * The model itself when it is in the target's format, else its export ({@code delegate} and {@code inputShape}
     * are ExecuTorch's: programs have static shapes). Only ONNX models are exported; others are refused naming why.
     */
    public Copy copy(ModelRecord model, RuntimeTarget target, PteDelegate delegate, Optional<long[]> inputShape)
            throws LatheException {
        if (model.format() == target.format()) {
            return new Copy(model.path(), model, target, Optional.empty(), false);
        }
        if (model.format() != ModelFormat.ONNX) {
            throw new LatheException(model.name() + " is " + article(model.format().displayName()) + " model; "
                    + target.runtime().displayName() + " runs " + target.format().plural() + ", which Lathe "
                    + "exports from ONNX models only: measure the ONNX model it came from in " + target.id());
        }
        Optional<long[]> shape = inputShape.isPresent() ? inputShape : model.inputShape();
        Path folder = dir.resolve(key(model, target, delegate, shape));
        Optional<Path> kept = exported(folder, target);
        if (kept.isPresent()) {
            return new Copy(kept.get(), model, target, delegateOf(target, delegate), false);
        }
        Path part = folder.resolveSibling(folder.getFileName() + ".part-" + ProcessHandle.current().pid()
                + "-" + Thread.currentThread().getId());
        try {
            delete(part);
            Files.createDirectories(part);
            if (target == RuntimeTarget.EXECUTORCH) {
                pte.export(model, part, shape, delegate, Overwrite.REPLACE);
            } else {
                torchScript.export(model, part, Overwrite.REPLACE);
            }
            publish(part, folder);
        } catch (IOException e) {
            throw new LatheException("Cannot keep " + model.name() + " exported for " + target.id() + " in " + dir
                    + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(part);
        }
        return new Copy(exported(folder, target).orElseThrow(), model, target, delegateOf(target, delegate), true);
    }

    private static Optional<PteDelegate> delegateOf(RuntimeTarget target, PteDelegate delegate) {
        return target == RuntimeTarget.EXECUTORCH ? Optional.of(delegate) : Optional.empty();
    }

    private static String key(ModelRecord model, RuntimeTarget target, PteDelegate delegate, Optional<long[]> shape) {
        StringBuilder key = new StringBuilder(model.sha256()).append('-').append(target.id());
        if (target == RuntimeTarget.EXECUTORCH) {
            key.append('-').append(delegate.name().toLowerCase(java.util.Locale.ROOT));
            shape.ifPresent(s -> key.append('-').append(Arrays.stream(s).mapToObj(Long::toString)
                    .collect(Collectors.joining("x"))));
        }
        return key.toString();
    }

    /** The model file a published folder holds. */
    private static Optional<Path> exported(Path folder, RuntimeTarget target) throws LatheException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        String extension = target == RuntimeTarget.EXECUTORCH ? ".pte" : ".pt";
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(extension)).findFirst();
        } catch (IOException e) {
            throw new LatheException("Cannot read " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Moves the written folder in; when another process published the same export first, keeps theirs. */
    private static void publish(Path part, Path folder) throws IOException {
        try {
            Files.move(part, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // the same export, published by someone else in the meantime
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, folder);
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            delete(folder);
        } catch (IOException | UncheckedIOException e) {
            // a leftover part folder is named by this process and replaced by its next export
        }
    }

    private static String article(String word) {
        return ("AEIOU".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }
}
