package dev.lathe.engine.device.remote;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.device.DeviceRuntimes;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.fidelity.ReferenceFidelity;
import dev.lathe.engine.runtime.InferenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fidelity of a model on a board against a reference run on this computer: the reference's outputs are recorded here
 * into a temporary file, which is sent to the board, compared with the model's outputs there on the same inputs, and
 * deleted whatever happens. With the same file as both, it shows what the board's runtime alone changes.
 */
public final class BoardFidelity {
    private static final Logger LOG = LoggerFactory.getLogger(BoardFidelity.class);

    private final ReferenceFidelity recorder;

    public BoardFidelity(ReferenceFidelity recorder) {
        this.recorder = recorder;
    }

    /** @param samples examples to compare; 0 with a dataset means all of it */
    public FidelityReport measure(ModelHandle reference, ModelHandle model, RemoteDevice board,
                                  Optional<Path> dataset, int samples, Progress progress) throws LatheException {
        DeviceRuntimes.require(board.describe(), model); // before the reference's outputs are recorded
        Path recorded = temporaryFile(reference);
        try {
            recorder.record(reference, dataset, samples, recorded, progress);
            return board.fidelity(model, recorded, dataset, samples, progress);
        } finally {
            delete(recorded);
        }
    }

    private static Path temporaryFile(ModelHandle reference) throws InferenceException {
        try {
            return Files.createTempFile("lathe-reference-", ".f32");
        } catch (IOException e) {
            throw new InferenceException("cannot make a temporary file for the outputs of " + reference.name()
                    + " (" + e.getMessage() + "); free some space in " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the reference outputs {}: {}", file, e.getMessage());
        }
    }
}
