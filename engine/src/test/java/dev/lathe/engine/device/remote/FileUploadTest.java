package dev.lathe.engine.device.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileUploadTest {
    @Test
    void sizesAreShownToTwoDecimalsSoALargerFileNeverReadsAsTheLimit() {
        // Before: "cnn.onnx is 1 MiB; the agent accepts files up to 1 MiB" for a 1.71 MiB file.
        assertThat(FileUpload.mebibytes(1_793_658)).isEqualTo("1.71 MiB");
        assertThat(FileUpload.mebibytes(1 << 20)).isEqualTo("1.00 MiB");
    }
}
